"""What is still to be sent, and which deadlines are open: queries for the tickers."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import asyncpg

from allianties_shared import tracing
from notificatie.application.ports import OpenDeadline, PendingMessage
from notificatie.domain.reminders import AMSTERDAM

_PENDING = """
SELECT n.notification_id, n.alliance_id, n.recipient_role, n.template, n.days_before, r.person_id, r.language,
       f.body AS cause, d.kind, d.reference, d.due
FROM notifications n
JOIN message_recipients mr ON mr.notification_id = n.notification_id
JOIN recipients r ON r.alliance_id = n.alliance_id AND r.role = n.recipient_role AND r.person_id = mr.person_id
LEFT JOIN message_outcomes o ON o.notification_id = n.notification_id AND o.person_id = r.person_id
LEFT JOIN feed f ON f.event_id = n.cause_event_id
LEFT JOIN deadlines d ON d.deadline_id = n.deadline_id
LEFT JOIN message_claims c ON c.notification_id = n.notification_id AND c.person_id = r.person_id
WHERE o.notification_id IS NULL
  AND (c.notification_id IS NULL
       OR (NOT c.settled AND (c.leased_until IS NULL OR c.leased_until < now())
           AND (c.next_attempt_at IS NULL OR c.next_attempt_at <= $2)))
ORDER BY n.recorded_at, n.notification_id
LIMIT $1
"""

_COUNTS = """
SELECT count(*) FILTER (WHERE c.next_attempt_at IS NULL OR c.next_attempt_at <= $1) AS pending,
       count(*) FILTER (WHERE c.next_attempt_at > $1) AS backing_off
FROM notifications n
JOIN message_recipients mr ON mr.notification_id = n.notification_id
JOIN recipients r ON r.alliance_id = n.alliance_id AND r.role = n.recipient_role AND r.person_id = mr.person_id
LEFT JOIN message_outcomes o ON o.notification_id = n.notification_id AND o.person_id = r.person_id
LEFT JOIN message_claims c ON c.notification_id = n.notification_id AND c.person_id = r.person_id
WHERE o.notification_id IS NULL AND (c.settled IS NULL OR NOT c.settled)
"""


def _variables(row: asyncpg.Record) -> dict[str, Any]:
    variables: dict[str, Any] = {}
    if row["cause"]:
        data = json.loads(row["cause"]).get("data", {})
        variables.update({k: v for k, v in data.items() if isinstance(v, str | int | float)})
        if "naam" in data and ("accounthouder_id" in data or "naar_accounthouder_id" in data):
            variables["accounthouder_naam"] = data["naam"]
        for key in ("bedrag_per_jaar_centen",):
            if isinstance(data.get(key), int):
                variables["bedrag_euro"] = f"€ {data[key] / 100:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    if row["due"]:
        variables.update(
            termijn=row["due"].astimezone(AMSTERDAM).strftime("%d-%m-%Y"),
            soort=row["kind"],
            referentie=row["reference"],
            dagen_voor=row["days_before"],
        )
    return variables


def _traceparent(row: asyncpg.Record) -> str | None:
    """The cause's trace, from its CloudEvent in the feed (looked up only when tracing is on)."""
    if not tracing.enabled() or not row["cause"]:
        return None
    value = json.loads(row["cause"]).get("traceparent")
    return value if isinstance(value, str) else None


class PendingMessagesQuery:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def pending(self, now: datetime, limit: int = 100) -> list[PendingMessage]:
        rows = await self.pool.fetch(_PENDING, limit, now)
        messages: dict[str, PendingMessage] = {}
        for r in rows:
            key = str(r["notification_id"])
            if key not in messages:
                messages[key] = PendingMessage(
                    notificatie_id=key,
                    alliantie_id=r["alliance_id"],
                    role=r["recipient_role"],
                    template=r["template"],
                    variables=_variables(r),
                    recipients={},
                    traceparent=_traceparent(r),
                )
            messages[key].recipients[r["person_id"]] = r["language"]
        return list(messages.values())

    async def open_deadlines(self, now: datetime) -> list[OpenDeadline]:
        rows = await self.pool.fetch("SELECT * FROM deadlines WHERE NOT ended AND due > $1 ORDER BY due", now)
        return [OpenDeadline(r["alliance_id"], r["deadline_id"], r["due"], set(r["reminded"])) for r in rows]

    async def counts(self, now: datetime) -> dict[str, int]:
        """Mail still to send (due now), waiting for a next try, and given up on (unsendable)."""
        row = await self.pool.fetchrow(_COUNTS, now)
        unsendable = await self.pool.fetchval("SELECT count(*) FROM message_outcomes WHERE outcome <> 'verzonden'")
        return {"pending": row["pending"], "backing_off": row["backing_off"], "unsendable": unsendable}
