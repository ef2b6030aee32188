"""The service recovers by itself: from PostgreSQL dropping every connection, and from a broker that forgot everything."""

from __future__ import annotations

import asyncio
import json
import uuid
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest
from aiokafka import AIOKafkaConsumer

from aanvraag.bootstrap import bootstrap as aanvraag
from aanvraag.settings import AanvraagSettings
from allianties_infra.embedded import EmbeddedKafka, free_port
from allianties_shared.eventstore.memory import InMemoryEventStore
from allianties_shared.messaging.topics import ensure_topics
from allianties_shared.settings import KafkaSettings, PlatformSettings
from tests.aanvraag.complete_application import complete_application
from tests.aanvraag.conftest import ALLIANCE
from tests.flow.test_delivery_faults import submitted_event
from tests.shared.test_idempotent_consumer import RecordingDeadLetters, consumer_with, message
from tests.shared.test_instances_and_leaders import (
    instances_of_intake,
    intake_records_an_alliance,
    leaders,
    one_leader_each,
)
from tests.support import eventually, running_service
from tests.toekenning.support import publish, submitted, wait_for_assessments
from toekenning.bootstrap import bootstrap as toekenning
from toekenning.settings import ToekenningSettings

SETTABLE = PlatformSettings(settable_clock=True)
PENVOERDER = {"role": "penvoerder", "alliances": (ALLIANCE["alliantie_id"],)}
LATER = datetime(2021, 9, 1, 9, tzinfo=UTC)


async def terminate_every_session_of(database_url: str) -> int:
    """What a PostgreSQL restart does to a service: every connection it has to its database ends."""
    connection = await asyncpg.connect(database_url)
    try:
        return await connection.fetchval(
            """SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM
                   (SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()) AS others"""
        )
    finally:
        await connection.close()


async def test_after_the_database_drops_every_connection_relay_tickers_clock_and_heartbeat_carry_on(database_url, kafka_settings):
    async with instances_of_intake(database_url, kafka_settings, 2) as (first, second):
        await eventually(lambda: one_leader_each((first, second)), what="the leaders")
        for client in (first, second):
            client.ticks.clear()
        old_backends = {c.service.relay_leader.backend_pid for c in (first, second)} | {c.service.ticker_leader.backend_pid for c in (first, second)}
        assert await terminate_every_session_of(database_url) >= 6  # two lock connections, two clock listeners, the pools

        async def leading_on_new_connections() -> bool:
            backends = {c.service.relay_leader.backend_pid for c in leaders((first, second), "relay")} | {
                c.service.ticker_leader.backend_pid for c in leaders((first, second), "ticker")
            }
            return await one_leader_each((first, second)) and not backends & old_backends

        await eventually(leading_on_new_connections, timeout=15, what="a relay and a ticker leader again, on new connections")
        await intake_records_an_alliance(first)  # the pool, too, reconnects by itself
        [relay] = leaders((first, second), "relay")

        async def published() -> bool:
            return relay.service.relay.published >= 1 and await relay.service.store.count_after(await relay.service.relay.position()) == 0

        await eventually(published, what="the new event published by the relay leader")
        moved = await second.request("PUT", "/ops/clock", role="operator", json={"now": LATER.isoformat()})
        assert moved.status_code == 200, moved.text

        async def first_follows() -> bool:
            return abs(first.service.clock.now() - LATER) < timedelta(minutes=1)

        await eventually(first_follows, what="the first instance's clock listener back, following the change")
        [ticker] = leaders((first, second), "ticker")

        async def ticked_at_the_new_time() -> bool:
            return any(abs(t - LATER) < timedelta(minutes=1) for t in ticker.ticks)

        await eventually(ticked_at_the_new_time, what="the ticker leader ticking after the change")

        async def both_listed() -> bool:
            listed = (await first.request("GET", "/ops/status", role="operator")).json()["instances"]
            return len(listed) == 2 and [i["relay"] for i in listed].count(True) == 1 and [i["tickers"] for i in listed].count(True) == 1

        await eventually(both_listed, what="both instances beating, one holding each lock")


async def test_a_consumer_waits_out_a_database_that_is_away_and_dead_letters_nothing():
    store = InMemoryEventStore()
    failures = [
        asyncpg.ConnectionDoesNotExistError("connection was closed"),
        ConnectionRefusedError("restarting"),
        asyncpg.CannotConnectNowError("starting up"),
        asyncpg.exceptions.InternalClientError("cannot switch to state 15; another operation (2) is in progress"),
    ] * 2
    calls = []

    async def handler(tx, envelope, event):
        calls.append(1)
        if failures:
            raise failures.pop(0)

    async def database_answers() -> bool:
        return not failures

    dead = RecordingDeadLetters()
    consumer = consumer_with(handler, dead, store, attempts=2)
    consumer.database_answers = database_answers
    event = submitted_event("a", [1])
    assert (await consumer.handle(message(event.to_bytes()))).status == "processed"
    assert len(calls) == 9 and dead.sent == []  # eight outages waited out, then the one that worked
    assert store.processed == {("test-group", event.id)}


async def test_a_network_error_while_the_database_answers_is_the_handlers_own_failure():
    async def handler(tx, envelope, event):
        raise ConnectionRefusedError("the downstream system")

    async def database_answers() -> bool:
        return True

    dead = RecordingDeadLetters()
    consumer = consumer_with(handler, dead, attempts=2)
    consumer.database_answers = database_answers
    assert (await consumer.handle(message(submitted_event("a", [1]).to_bytes()))).status == "dead-lettered"
    assert [d["reason"] for d in dead.sent] == ["handler-failed"]


async def test_a_consumer_on_the_real_database_processes_an_event_that_arrives_after_its_connections_were_dropped(
    database_url, kafka_settings
):
    definition = toekenning(ToekenningSettings(database_url=database_url))
    async with running_service(definition, kafka_settings, platform=SETTABLE) as decisions:
        await eventually(lambda: _joined(decisions), what="the consumer joined")
        await terminate_every_session_of(database_url)
        await publish(kafka_settings, submitted("na-storing", "alliantie-een", [3]))
        await wait_for_assessments(decisions, ["na-storing-p3"])
        assert decisions.service.consumers[0].consumer.counts.get("dead-lettered", 0) == 0


async def _joined(client) -> bool:
    return all(h.joined for h in client.service.consumers)


# -- the broker forgets everything -----------------------------------------------------------------


@pytest.fixture
def own_broker(tmp_path):
    broker = EmbeddedKafka(port=free_port(), log_file=tmp_path / "tansu.log")
    broker.start()
    yield broker
    broker.stop()


@asynccontextmanager
async def intake_and_assessment(postgres, kafka):
    urls = {}
    for service in ("aanvraag", "toekenning"):
        name = f"{service}_{uuid.uuid4().hex[:8]}"
        postgres.create_database(name)
        urls[service] = postgres.dsn(name)
    async with AsyncExitStack() as stack:
        intake = await stack.enter_async_context(running_service(aanvraag(AanvraagSettings(database_url=urls["aanvraag"])), kafka, platform=SETTABLE))
        decisions = await stack.enter_async_context(running_service(toekenning(ToekenningSettings(database_url=urls["toekenning"])), kafka))
        yield intake, decisions


async def submit(intake, application_id: str) -> None:
    await complete_application(intake, application_id, ALLIANCE["alliantie_id"], prioriteiten=[1, 5], bedrag_per_jaar_centen=9_000_000)
    assert (await intake.request("POST", f"/v1/aanvragen/{application_id}/indienen", **PENVOERDER)).status_code == 200


async def test_after_a_broker_restart_every_service_republishes_by_itself_and_nothing_happens_twice(postgres, own_broker):
    kafka = KafkaSettings(
        bootstrap_servers=own_broker.bootstrap_servers, session_timeout_ms=2_000, heartbeat_interval_ms=300, partitions=3,
        metadata_max_age_ms=1_000,
    )
    async with intake_and_assessment(postgres, kafka) as (intake, decisions):
        assert (await intake.request("POST", "/v1/allianties", json=ALLIANCE, **PENVOERDER)).status_code == 201
        await submit(intake, "voor-herstart")

        async def assessments(count: int):
            async def check() -> bool:
                return len((await decisions.request("GET", "/v1/beoordelingen", role="auditor")).json()) == count

            return check

        await eventually(await assessments(2), what="assessments before the restart")
        before = [e.event_id for e in await decisions.service.store.read_all()]

        async def both_published() -> bool:  # else a relay that had not yet sent its events loses nothing to republish
            for client in (intake, decisions):
                relay = (await client.request("GET", "/ops/status", role="operator")).json()["relay"]
                if relay["position"] != relay["head"]:
                    return False
            return True

        await eventually(both_published, what="both relays publishing their events before the restart")
        own_broker.restart()  # every topic, message and committed offset is gone; nobody calls /ops/republish

        async def both_republished() -> bool:
            return all(c.service.relay.republished_after_broker_loss >= 1 for c in (intake, decisions))

        await eventually(both_republished, timeout=30, what="both relays noticing the empty broker and republishing")

        async def redelivered_as_duplicates() -> bool:
            return decisions.service.consumers[0].consumer.counts.get("duplicate", 0) >= 1

        await eventually(redelivered_as_duplicates, timeout=30, what="the consumer reading the recreated topic from its start")
        await submit(intake, "na-herstart")
        await eventually(await assessments(4), timeout=30, what="the new application assessed after the restart")
        after = [e.event_id for e in await decisions.service.store.read_all()]
        assert after[: len(before)] == before and len(after) == len(before) + 2, "only the new application's two assessments"
        assert await topic_event_ids(kafka, kafka.topic("aanvraag")) >= {e.event_id for e in await intake.service.store.read_all()}
        status = (await intake.request("GET", "/ops/status", role="operator")).json()
        assert status["relay"]["republished_after_broker_loss"] >= 1
        assert decisions.service.consumers[0].consumer.counts.get("dead-lettered", 0) == 0


async def topic_event_ids(kafka: KafkaSettings, topic: str) -> set[uuid.UUID]:
    """Every CloudEvent id on the topic, read from the start until quiet."""
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=kafka.bootstrap_servers, auto_offset_reset="earliest", enable_auto_commit=False)
    await consumer.start()
    try:
        ids: set[uuid.UUID] = set()
        while batch := await consumer.getmany(timeout_ms=1_000):
            ids |= {uuid.UUID(json.loads(r.value)["id"]) for records in batch.values() for r in records}
        return ids
    finally:
        await consumer.stop()


async def test_a_command_right_after_a_broker_restart_reaches_the_topic_after_the_republished_history(postgres, own_broker):
    kafka = KafkaSettings(bootstrap_servers=own_broker.bootstrap_servers, session_timeout_ms=2_000, heartbeat_interval_ms=300, partitions=3)
    name = f"aanvraag_{uuid.uuid4().hex[:8]}"
    postgres.create_database(name)
    async with running_service(aanvraag(AanvraagSettings(database_url=postgres.dsn(name))), kafka, platform=SETTABLE) as intake:
        assert (await intake.request("POST", "/v1/allianties", json=ALLIANCE, **PENVOERDER)).status_code == 201
        await submit(intake, "voor-de-herstart")

        async def all_published() -> bool:
            status = (await intake.request("GET", "/ops/status", role="operator")).json()["relay"]
            return status["position"] == status["head"]

        await eventually(all_published, what="the relay publishing everything before the restart")
        intake.service.relay.watch_seconds = 3600  # its regular look does not come in between
        await asyncio.sleep(2.5)  # the look already planned comes, and plans the next an hour on
        own_broker.restart()
        await ensure_topics(kafka, [kafka.topic("aanvraag")])  # as another service's consumer makes Tansu do, asking for it
        await producer_reconnected(intake.service.producer)  # as an idle relay's producer does by itself in time
        withdrawn = await intake.request(  # the stream's next event: the batch the relay sends next goes to a broker that forgot everything
            "POST", "/v1/aanvragen/voor-de-herstart/intrekken", json={"reden": "de alliantie valt uiteen"}, **PENVOERDER
        )
        assert withdrawn.status_code == 200, withdrawn.text

        async def republished() -> bool:
            return intake.service.relay.republished_after_broker_loss >= 1 and await all_published()

        await eventually(republished, timeout=30, what="the relay noticing the restart and republishing")
        records = await topic_records(kafka, kafka.topic("aanvraag"))
    first_seen: dict[str, list[int]] = {}
    for subject, sequence in records:  # per partition in offset order; a stream lives in one partition
        seen = first_seen.setdefault(subject, [])
        if sequence not in seen:
            seen.append(sequence)
    assert all(seen == sorted(seen) for seen in first_seen.values()), first_seen
    assert len(first_seen["aanvraag-voor-de-herstart"]) >= 4, first_seen  # its history and the withdrawal


async def producer_reconnected(producer) -> None:
    async def answers() -> bool:
        try:
            return bool(await producer.client.force_metadata_update())
        except Exception:  # noqa: BLE001 - not yet
            return False

    await eventually(answers, what="the producer talking to the restarted broker")


async def topic_records(kafka: KafkaSettings, topic: str) -> list[tuple[str, int]]:
    """(subject, sequence) of every record on the topic, partition by partition in offset order, read until quiet."""
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=kafka.bootstrap_servers, auto_offset_reset="earliest", enable_auto_commit=False)
    await consumer.start()
    try:
        per_partition: dict[int, list] = {}
        while batch := await consumer.getmany(timeout_ms=1_000):
            for tp, records in batch.items():
                per_partition.setdefault(tp.partition, []).extend(records)
        return [
            (json.loads(r.value)["subject"], int(json.loads(r.value)["sequence"]))
            for partition in sorted(per_partition)
            for r in sorted(per_partition[partition], key=lambda r: r.offset)
        ]
    finally:
        await consumer.stop()


def test_a_pooled_connection_left_mid_operation_by_a_restart_answers_503_not_500():
    """Seen in make chaos right after PostgreSQL restarted: PUT /ops/clock answered 500, which no client retries."""
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from allianties_shared.http.problems import install_problem_handlers

    app = FastAPI()
    install_problem_handlers(app)

    @app.put("/ops/clock")
    async def set_clock() -> dict:
        raise asyncpg.exceptions.InternalClientError("cannot switch to state 15; another operation (2) is in progress")

    answer = TestClient(app).put("/ops/clock")
    assert answer.status_code == 503 and answer.headers["Retry-After"]
    assert answer.headers["Content-Type"].startswith("application/problem+json")
