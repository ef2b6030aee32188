"""One audit: read the topics, ask each service for its store's digest, verify, pick the alliance's history."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import httpx

from allianties_infra.audit.history import alliance_history
from allianties_infra.audit.orphans import OrphanEvidence, check_orphans
from allianties_infra.audit.reader import cyclic_gc_paused, topic_records
from allianties_infra.audit.shards import (
    Record,
    Shard,
    ShardProcess,
    ShardResult,
    StoreHeads,
    shard_of,
    stores_for_shard,
)
from allianties_infra.audit.verification import Check, check_readable
from allianties_infra.audit.wire import WireEvent
from allianties_infra.ops_client import Target
from allianties_shared.settings import KafkaSettings


@dataclass
class AuditReport:
    alliance_id: str | None
    as_of: datetime | None
    history: list[WireEvent]
    checks: list[Check]
    events_on_topics: int

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)


async def store_digests(targets: list[Target], headers: dict[str, str]) -> StoreHeads:
    """Every service's stream heads (``/ops/streams``), asked of all services at once."""
    async with httpx.AsyncClient(timeout=30, headers=headers) as client:

        async def heads(target: Target) -> dict[str, tuple[int, str]]:
            response = await client.get(f"{target.url}/ops/streams")
            response.raise_for_status()
            return {s: (h["version"], h["hash"]) for s, h in response.json()["streams"].items()}

        answers = await asyncio.gather(*(heads(t) for t in targets))
    return {target.service: answer for target, answer in zip(targets, answers, strict=True)}


def shard_count() -> int:
    """One verification process per core: the reader itself mostly waits."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


async def run_audit(
    kafka: KafkaSettings,
    *,
    alliance_id: str | None = None,
    as_of: datetime | None = None,
    stores: StoreHeads | None = None,
    progress: Callable[[int, int], None] | None = None,
    shards: int | None = None,
) -> AuditReport:
    """Verify everything on the topics (and, given ``stores``, against them); the alliance's history as of ``as_of``."""
    count = shards or shard_count()
    processes = [ShardProcess(Shard(stores_for_shard(stores, n, count), alliance_id)) for n in range(count)]
    try:
        with cyclic_gc_paused():
            read = 0
            async with topic_records(kafka) as (total, batches):
                async for records in batches:
                    routed: list[list[Record]] = [[] for _ in processes]
                    for record in records:
                        routed[shard_of(record.key, count)].append((record.offset, record.key, record.value))
                    for process, part in zip(processes, routed, strict=True):
                        if part:
                            process.take(records[0].topic, records[0].partition, part)
                    read += len(records)
                    if progress:
                        progress(read, max(total, read))
            results = [await asyncio.to_thread(process.result) for process in processes]
            return _report(results, alliance_id, as_of, stores is not None)
    finally:
        for process in processes:
            process.stop()


def _report(results: list[ShardResult], alliance_id: str | None, as_of: datetime | None, with_stores: bool) -> AuditReport:
    records = sum(r.records for r in results)
    duplicates, chains = _merged([r.duplicates for r in results]), _merged([r.chains for r in results])
    evidence = OrphanEvidence()
    for result in results:
        twice = evidence.event_ids & result.orphans.event_ids
        duplicates.failures += [f"event {event_id} appears under more than one record key" for event_id in sorted(twice)]
        evidence.merge(result.orphans)
    checks = [check_readable([u for r in results for u in r.unreadable], records), duplicates, chains, check_orphans(evidence)]
    if with_stores:
        checks.append(_merged([r.stores for r in results if r.stores is not None]))
    candidates = [w for r in results for w in r.history]
    history = alliance_history(candidates, alliance_id, as_of) if alliance_id else []
    return AuditReport(alliance_id, as_of, history, checks, records)


def _merged(parts: list[Check]) -> Check:
    merged = Check(parts[0].name)
    for part in parts:
        merged.checked += part.checked
        merged.failures += part.failures
        merged.notes += part.notes
    return merged
