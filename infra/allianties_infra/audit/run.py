"""One audit: read the topics, ask each service for its store's digest, verify, pick the alliance's history."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import httpx

from allianties_infra.audit.history import alliance_history
from allianties_infra.audit.orphans import check_orphans
from allianties_infra.audit.reader import read_topics
from allianties_infra.audit.verification import (
    Check,
    check_against_stores,
    check_chains,
    check_readable,
    unique_events,
)
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


async def store_digests(targets: list[Target], headers: dict[str, str]) -> dict[str, dict[str, tuple[int, str]]]:
    digests: dict[str, dict[str, tuple[int, str]]] = {}
    async with httpx.AsyncClient(timeout=30, headers=headers) as client:
        for target in targets:
            response = await client.get(f"{target.url}/ops/streams")
            response.raise_for_status()
            digests[target.service] = {s: (h["version"], h["hash"]) for s, h in response.json()["streams"].items()}
    return digests


async def run_audit(
    kafka: KafkaSettings,
    *,
    alliance_id: str | None = None,
    as_of: datetime | None = None,
    stores: dict[str, dict[str, tuple[int, str]]] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> AuditReport:
    """Verify everything on the topics (and, given ``stores``, against them); the alliance's history as of ``as_of``."""
    wire_events, unreadable = await read_topics(kafka, progress=progress)
    duplicates = Check("each event id stands for one event (redeliveries are identical)")
    events = unique_events(wire_events, duplicates)
    checks = [check_readable(unreadable, len(wire_events) + len(unreadable)), duplicates, check_chains(events), check_orphans(events)]
    if stores is not None:
        checks.append(check_against_stores(events, stores))
    history = alliance_history(events, alliance_id, as_of) if alliance_id else []
    return AuditReport(alliance_id, as_of, history, checks, len(wire_events) + len(unreadable))
