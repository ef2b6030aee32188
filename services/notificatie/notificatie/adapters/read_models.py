"""Read models of the messages side: notifications, recipients, what was sent, deadlines.

Updated in the transaction that records the events (``project``); subscriptions have their own
module (``subscription_read_models``).
"""

from __future__ import annotations

import asyncpg

from allianties_shared.contracts.notificatie import (
    BerichtNietVerzonden,
    BerichtVerzonden,
    HerinneringVastgelegd,
    NotificatieVastgelegd,
    OntvangerBekend,
    OntvangerVervallen,
    TermijnVastgelegd,
    TermijnVervallen,
    registry,
)
from allianties_shared.events.recorded import RecordedEvent
from notificatie.adapters import subscription_read_models


async def project(connection: asyncpg.Connection, recorded: RecordedEvent) -> None:
    event = registry.decode(recorded.name, recorded.schema_version, recorded.data)
    at = recorded.recorded_at
    match event:
        case NotificatieVastgelegd():
            await connection.execute(
                """INSERT INTO notifications (notification_id, alliance_id, recipient_role, template, cause_event_id,
                       cause_type, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7)""",
                event.notificatie_id, event.alliantie_id, event.ontvanger_rol, event.sjabloon,
                event.aanleiding_event_id, event.aanleiding_type, at,
            )  # fmt: skip
            await _address(connection, event.notificatie_id)
        case HerinneringVastgelegd():
            await connection.execute(
                """INSERT INTO notifications (notification_id, alliance_id, recipient_role, template, cause_type,
                       deadline_id, days_before, recorded_at) VALUES ($1, $2, 'penvoerder', $3, 'herinnering', $4, $5, $6)""",
                event.notificatie_id, event.alliantie_id, event.sjabloon, event.termijn_id, event.dagen_voor, at,
            )  # fmt: skip
            await _address(connection, event.notificatie_id)
            await connection.execute(
                "UPDATE deadlines SET reminded = array_append(reminded, $2) WHERE deadline_id = $1", event.termijn_id, event.dagen_voor
            )
        case OntvangerBekend():
            await connection.execute(
                """INSERT INTO recipients (alliance_id, role, person_id, language) VALUES ($1, $2, $3, $4)
                   ON CONFLICT (alliance_id, role, person_id) DO UPDATE SET language = EXCLUDED.language""",
                event.alliantie_id, event.rol, event.persoon_id, event.taal,
            )  # fmt: skip
            await connection.execute(
                """INSERT INTO message_recipients (notification_id, person_id)
                   SELECT n.notification_id, $3 FROM notifications n
                   WHERE n.alliance_id = $1 AND n.recipient_role = $2
                     AND NOT EXISTS (SELECT 1 FROM message_recipients m WHERE m.notification_id = n.notification_id)
                   ON CONFLICT DO NOTHING""",
                event.alliantie_id, event.rol, event.persoon_id,
            )  # fmt: skip
        case OntvangerVervallen():
            await connection.execute(
                "DELETE FROM recipients WHERE alliance_id = $1 AND role = $2 AND person_id = $3", event.alliantie_id, event.rol, event.persoon_id
            )
        case BerichtVerzonden() | BerichtNietVerzonden():
            sent = isinstance(event, BerichtVerzonden)
            await connection.execute(
                """INSERT INTO message_outcomes (notification_id, person_id, alliance_id, template, outcome, language, recorded_at)
                   SELECT $1, $2, $3, template, $4, $5, $6 FROM notifications WHERE notification_id = $1""",
                event.notificatie_id, event.persoon_id, event.alliantie_id,
                "verzonden" if sent else event.reden, event.taal if sent else None, at,
            )  # fmt: skip
        case TermijnVastgelegd():
            await connection.execute(
                "INSERT INTO deadlines (deadline_id, alliance_id, kind, reference, due) VALUES ($1, $2, $3, $4, $5)",
                event.termijn_id, event.alliantie_id, event.soort, event.referentie, event.termijn,
            )  # fmt: skip
        case TermijnVervallen():
            await connection.execute("UPDATE deadlines SET ended = true WHERE deadline_id = $1", event.termijn_id)
        case _:
            await subscription_read_models.project(connection, recorded, event)


async def _address(connection: asyncpg.Connection, notification_id: str) -> None:
    """A message is for those who hold its role when it is recorded (the first to take the role, if nobody does yet)."""
    await connection.execute(
        """INSERT INTO message_recipients (notification_id, person_id)
           SELECT n.notification_id, r.person_id FROM notifications n
           JOIN recipients r ON r.alliance_id = n.alliance_id AND r.role = n.recipient_role
           WHERE n.notification_id = $1::uuid ON CONFLICT DO NOTHING""",
        notification_id,
    )


def _notification(r: asyncpg.Record) -> dict:
    return {
        "notificatie_id": str(r["notification_id"]),
        "alliantie_id": r["alliance_id"],
        "ontvanger_rol": r["recipient_role"],
        "sjabloon": r["template"],
        "aanleiding_event_id": str(r["cause_event_id"]) if r["cause_event_id"] else None,
        "aanleiding_type": r["cause_type"],
        "termijn_id": r["deadline_id"],
        "vastgelegd_op": r["recorded_at"],
    }


class ReadModels:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def notifications(self, alliance_ids: frozenset[str] | None = None) -> list[dict]:
        rows = await self.pool.fetch(
            """SELECT * FROM notifications WHERE $1::text[] IS NULL OR alliance_id = ANY($1::text[])
               ORDER BY recorded_at, notification_id""",
            sorted(alliance_ids) if alliance_ids is not None else None,
        )
        return [_notification(r) for r in rows]

    async def messages(self, alliance_ids: frozenset[str] | None = None) -> list[dict]:
        """Who was told what, and when: the mails sent (or not sendable), per person, in which language."""
        rows = await self.pool.fetch(
            """SELECT * FROM message_outcomes WHERE $1::text[] IS NULL OR alliance_id = ANY($1::text[])
               ORDER BY recorded_at, notification_id, person_id""",
            sorted(alliance_ids) if alliance_ids is not None else None,
        )
        return [
            {
                "notificatie_id": str(r["notification_id"]),
                "alliantie_id": r["alliance_id"],
                "persoon_id": r["person_id"],
                "sjabloon": r["template"],
                "status": r["outcome"],
                "taal": r["language"],
                "op": r["recorded_at"],
            }
            for r in rows
        ]

    async def deadlines(self, alliance_ids: frozenset[str] | None = None) -> list[dict]:
        rows = await self.pool.fetch(
            """SELECT * FROM deadlines WHERE $1::text[] IS NULL OR alliance_id = ANY($1::text[]) ORDER BY due, deadline_id""",
            sorted(alliance_ids) if alliance_ids is not None else None,
        )
        return [
            {
                "termijn_id": r["deadline_id"],
                "alliantie_id": r["alliance_id"],
                "soort": r["kind"],
                "referentie": r["reference"],
                "termijn": r["due"],
                "vervallen": r["ended"],
                "herinnerd_dagen_voor": sorted(r["reminded"], reverse=True),
            }
            for r in rows
        ]
