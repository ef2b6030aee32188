"""Redriving a dead letter: its original record handed to the consumer group's own consumer again.

Not re-published: the original topic belongs to the service that produced the event (it is the shared
audit record) and every other group reading it would get the record once more. The consumer that
parked the message does what it does with any delivery: a record it cannot read is parked again, an
event it processed meanwhile is a duplicate and changes nothing (``processed_events``), an event whose
cause was fixed is processed once, in one transaction with its processed mark; one that fails again is
retried and parked again as a new entry. Each redrive and its outcome is kept in
``dead_letter_redrives``, so a list shows which entries were redriven.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from allianties_shared.messaging.consumer import IdempotentConsumer, Outcome
from allianties_shared.messaging.dead_letter_topic import ParkedMessage


@dataclass(frozen=True)
class Redrive:
    outcome: str
    reason: str | None
    redriven_by: str
    redriven_at: datetime

    def as_dict(self) -> dict:
        return {"outcome": self.outcome, "reason": self.reason, "redriven_by": self.redriven_by, "redriven_at": self.redriven_at}


class RedriveLog:
    """The ``dead_letter_redrives`` table."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def of(self, parked: Iterable[ParkedMessage]) -> dict[str, list[Redrive]]:
        """The redrives of each entry (by id), oldest first; entries never redriven are left out."""
        wanted = {(p.id, p.digest) for p in parked}
        if not wanted:
            return {}
        rows = await self.pool.fetch(
            "SELECT dead_letter_id, digest, outcome, reason, redriven_by, redriven_at FROM dead_letter_redrives"
            " WHERE dead_letter_id = ANY($1::text[]) ORDER BY id",
            sorted({id_ for id_, _ in wanted}),
        )
        found: dict[str, list[Redrive]] = {}
        for r in rows:
            if (r["dead_letter_id"], r["digest"]) in wanted:
                found.setdefault(r["dead_letter_id"], []).append(Redrive(r["outcome"], r["reason"], r["redriven_by"], r["redriven_at"]))
        return found

    async def record(self, parked: ParkedMessage, outcome: Outcome, actor_id: str) -> Redrive:
        row = await self.pool.fetchrow(
            "INSERT INTO dead_letter_redrives (dead_letter_id, digest, consumer_group, event_id, outcome, reason, redriven_by)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING redriven_at",
            parked.id, parked.digest, parked.consumer_group, (parked.event() or {}).get("id"), outcome.status, outcome.reason, actor_id,
        )  # fmt: skip
        return Redrive(outcome.status, outcome.reason, actor_id, row["redriven_at"])


async def redrive(consumer: IdempotentConsumer, log: RedriveLog, parked: ParkedMessage, actor_id: str) -> Redrive:
    """Hand the original record to ``consumer`` and record the outcome.

    The consumer runs in a task of its own, as for a delivery from the broker: each event commits in
    its own transaction, not in the pending transaction of the HTTP request that asked for the redrive.
    """
    outcome = await asyncio.create_task(consumer.handle(parked.original), name=f"redrive-{parked.id}")
    return await log.record(parked, outcome, actor_id)
