"""Read models of the notification service."""

from __future__ import annotations

import asyncpg

from allianties_shared.contracts.notificatie import NotificatieVastgelegd, registry
from allianties_shared.events.recorded import RecordedEvent


async def project(connection: asyncpg.Connection, recorded: RecordedEvent) -> None:
    event = registry.decode(recorded.name, recorded.schema_version, recorded.data)
    if isinstance(event, NotificatieVastgelegd):
        await connection.execute(
            """INSERT INTO notifications (notification_id, alliance_id, recipient_role, template, cause_event_id,
                   cause_type, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7)""",
            event.notificatie_id,
            event.alliantie_id,
            event.ontvanger_rol,
            event.sjabloon,
            event.aanleiding_event_id,
            event.aanleiding_type,
            recorded.recorded_at,
        )


class ReadModels:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def notifications(self, alliance_ids: frozenset[str] | None = None) -> list[dict]:
        rows = await self.pool.fetch(
            """SELECT * FROM notifications WHERE $1::text[] IS NULL OR alliance_id = ANY($1::text[])
               ORDER BY recorded_at, notification_id""",
            sorted(alliance_ids) if alliance_ids is not None else None,
        )
        return [
            {
                "notificatie_id": str(r["notification_id"]),
                "alliantie_id": r["alliance_id"],
                "ontvanger_rol": r["recipient_role"],
                "sjabloon": r["template"],
                "aanleiding_event_id": str(r["cause_event_id"]),
                "aanleiding_type": r["cause_type"],
                "vastgelegd_op": r["recorded_at"],
            }
            for r in rows
        ]
