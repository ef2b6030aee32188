"""The replay benchmark: a million events through the real stores, outbox relays and topics, then
one timed audit that reads all of them back and verifies them, as ``allianties audit`` does.

Set-up (not timed): the corpus (``bench.replay_corpus``) goes into four PostgreSQL databases, one
per service, with the events table the services use; each service's outbox relay then publishes
its store to its topic exactly as in production. Timed: the stores' stream heads (what the
services serve at ``/ops/streams``, read here from the databases without the HTTP hop) and
``run_audit``: every record of the four topics read, decoded, deduplicated, its hash chain and
versions checked, cross-service references resolved, each topic compared with its store, and one
alliance's history picked out. The run fails unless every check passes on every event.
"""

from __future__ import annotations

import math
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any

import asyncpg
import orjson

from allianties_infra.audit.reader import SERVICES
from allianties_infra.audit.run import run_audit
from allianties_infra.embedded import EmbeddedPostgres
from allianties_infra.stack_config import SERVICE_PORTS
from allianties_shared.events.recorded import RecordedEvent
from allianties_shared.eventstore.checkpoints import PostgresCheckpoints
from allianties_shared.eventstore.migrations import migrate, shared_migrations
from allianties_shared.eventstore.postgres import PostgresEventStore
from allianties_shared.messaging.publisher import EventPublisher, new_producer
from allianties_shared.messaging.relay import OutboxRelay
from allianties_shared.messaging.topics import ensure_topics
from allianties_shared.settings import GEMEENTE_AMSTERDAM_OIN, KafkaSettings
from bench.replay_corpus import CorpusEvent, copies, load_template
from bench.runner import Reporter

Advance = Callable[[int], None]
_COPY_CHUNK = 20_000
_COLUMNS = (
    "stream_id",
    "stream_type",
    "version",
    "event_id",
    "name",
    "schema_version",
    "data",
    "metadata",
    "recorded_at",
    "prev_hash",
    "hash",
)


def _row(event: RecordedEvent) -> tuple:
    return (
        event.stream_id,
        event.stream_type,
        event.version,
        event.event_id,
        event.name,
        event.schema_version,
        orjson.dumps(event.data).decode(),
        orjson.dumps(event.metadata.as_dict()).decode(),
        event.recorded_at,
        event.prev_hash,
        event.hash,
    )


async def load_stores(dsns: dict[str, str], corpus: Iterable[CorpusEvent], advance: Advance) -> dict[str, Any]:
    """Every corpus event into its producer's events table (COPY, in chunks), in corpus order.
    Returns the count per service and one alliance of the first copy (whose history the replay shows)."""
    connections = {service: await asyncpg.connect(dsn) for service, dsn in dsns.items()}
    try:
        for connection in connections.values():
            await migrate(connection, shared_migrations())
        pending: dict[str, list[tuple]] = {service: [] for service in dsns}
        counts = dict.fromkeys(dsns, 0)
        alliance = None

        async def flush(service: str) -> None:
            rows = pending[service]
            await connections[service].copy_records_to_table("events", records=rows, columns=_COLUMNS)
            counts[service] += len(rows)
            advance(len(rows))
            pending[service] = []

        for producer, event in corpus:
            if alliance is None and event.name == "alliantie-geregistreerd":
                alliance = event.data["alliantie_id"]
            pending[producer].append(_row(event))
            if len(pending[producer]) >= _COPY_CHUNK:
                await flush(producer)
        for service in dsns:
            if pending[service]:
                await flush(service)
        return {"counts": counts, "alliance": alliance}
    finally:
        for connection in connections.values():
            await connection.close()


async def publish_stores(dsns: dict[str, str], kafka: KafkaSettings, advance: Advance) -> float:
    """Each service's outbox relay drains its store to its topic; returns the seconds it took."""
    await ensure_topics(kafka, [kafka.topic(service) for service in dsns])
    producer = new_producer(kafka)
    await producer.start()
    started = time.perf_counter()
    try:
        for service, dsn in dsns.items():
            pool = await asyncpg.create_pool(dsn, min_size=1, max_size=2)
            try:
                publisher = EventPublisher(
                    producer,
                    kafka.topic(service),
                    oin=GEMEENTE_AMSTERDAM_OIN,
                    service=service,
                    schema_base_url=f"http://127.0.0.1:{SERVICE_PORTS[service]}/schemas",  # as on the embedded stack
                )
                relay = OutboxRelay(PostgresEventStore(pool), PostgresCheckpoints(pool), publisher)
                advance(await relay.drain())
            finally:
                await pool.close()
    finally:
        await producer.stop()
    return time.perf_counter() - started


async def store_heads(dsns: dict[str, str]) -> dict[str, dict[str, tuple[int, str]]]:
    heads = {}
    for service, dsn in dsns.items():
        pool = await asyncpg.create_pool(dsn, min_size=1, max_size=1)
        try:
            heads[service] = await PostgresEventStore(pool).stream_heads()
        finally:
            await pool.close()
    return heads


async def measure_replay(
    dsns: dict[str, str], kafka: KafkaSettings, *, expected: int, alliance: str, advance: Advance
) -> dict[str, Any]:
    """The timed part: the stores' heads, then the whole audit over the topics."""
    done = 0

    def progress(read: int, _total: int) -> None:
        nonlocal done
        advance(read - done)
        done = read

    started = time.perf_counter()
    heads = await store_heads(dsns)
    report = await run_audit(kafka, alliance_id=alliance, stores=heads, progress=progress)
    seconds = time.perf_counter() - started
    failed = {check.name: check.failures[:3] for check in report.checks if not check.passed}
    if failed:
        raise AssertionError(f"the replay's verification failed: {failed}")
    if report.events_on_topics != expected:
        raise AssertionError(f"read {report.events_on_topics} records from the topics, expected {expected}")
    if not report.history:
        raise AssertionError(f"no history found for {alliance}")
    return {
        "replay_events": report.events_on_topics,
        "replay_seconds": seconds,
        "replay_events_per_s": report.events_on_topics / seconds,
        "replay_checks": {check.name: check.checked for check in report.checks},
        "replay_history_events": len(report.history),
        "replay_alliance": alliance,
    }


async def run_replay_benchmark(server: EmbeddedPostgres, kafka: KafkaSettings, events: int, reporter: Reporter) -> dict[str, Any]:
    """Set up ``events`` events in four fresh databases and on the topics, then measure one replay."""
    suffix = uuid.uuid4().hex[:8]
    dsns = {}
    for service in SERVICES:
        server.create_database(f"replay_{service}_{suffix}")
        dsns[service] = server.dsn(f"replay_{service}_{suffix}")
    template = load_template()
    started = time.perf_counter()
    loaded = await load_stores(dsns, copies(template, events), reporter.phase("replay set-up: the corpus into four stores", events))
    load_seconds = time.perf_counter() - started
    publish_seconds = await publish_stores(dsns, kafka, reporter.phase("replay set-up: outbox relays to the topics", events))
    result = await measure_replay(
        dsns, kafka, expected=events, alliance=loaded["alliance"], advance=reporter.phase("replay: read and verify", events)
    )
    return result | {
        "replay_events_per_service": loaded["counts"],
        "replay_template_events": len(template),
        "replay_copies_of_template": math.ceil(events / len(template)),
        "replay_setup_load_seconds": load_seconds,
        "replay_setup_publish_events_per_s": events / publish_seconds,
    }
