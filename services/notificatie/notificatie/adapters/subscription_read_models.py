"""Read models of the subscriptions side: subscriptions, delivery status, the attempt log."""

from __future__ import annotations

import asyncpg

from allianties_shared.contracts.notificatie import (
    AbonnementGenomen,
    AbonnementOpgezegd,
    AfleveringGeprobeerd,
    AfleveringOpgegeven,
    AfleveringOpnieuwAangeboden,
    InhaalslagGevraagd,
)
from allianties_shared.domain import DomainEvent
from allianties_shared.events.recorded import RecordedEvent


async def project(connection: asyncpg.Connection, recorded: RecordedEvent, event: DomainEvent) -> None:
    at = recorded.recorded_at
    match event:
        case AbonnementGenomen():
            await connection.execute(
                """INSERT INTO subscriptions (subscription_id, owner, callback_url, types, priorities, alliances, api_key_header,
                       api_key, hmac_secret, start_position, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)""",
                event.abonnement_id, event.eigenaar, event.callback_url, event.types, event.prioriteiten, event.allianties,
                event.api_key_header, event.api_key.model_dump_json() if event.api_key else None,
                event.hmac_geheim.model_dump_json() if event.hmac_geheim else None, event.vanaf_positie, at,
            )  # fmt: skip
        case AbonnementOpgezegd():
            await connection.execute("UPDATE subscriptions SET active = false WHERE subscription_id = $1", event.abonnement_id)
        case AfleveringGeprobeerd():
            await connection.execute(
                """INSERT INTO delivery_attempts (subscription_id, event_id, attempt, event_type, stream, position, ok, http_status,
                       error, next_attempt_at, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)""",
                event.abonnement_id, event.event_id, event.poging, event.event_type, event.stroom, event.positie, event.gelukt,
                event.http_status, event.fout, event.volgende_poging_op, at,
            )  # fmt: skip
            await connection.execute(
                """INSERT INTO deliveries (subscription_id, event_id, status, attempts, next_attempt_at, last_status, last_error,
                       stream, position, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                   ON CONFLICT (subscription_id, event_id) DO UPDATE SET status = EXCLUDED.status, attempts = EXCLUDED.attempts,
                       next_attempt_at = EXCLUDED.next_attempt_at, last_status = EXCLUDED.last_status,
                       last_error = EXCLUDED.last_error, updated_at = EXCLUDED.updated_at
                   WHERE deliveries.status <> 'afgeleverd'  -- a recorded success is final""",
                event.abonnement_id, event.event_id, "afgeleverd" if event.gelukt else "opnieuw", event.poging,
                event.volgende_poging_op, event.http_status, event.fout, event.stroom, event.positie, at,
            )  # fmt: skip
        case AfleveringOpgegeven():
            await connection.execute(
                "UPDATE deliveries SET status = 'opgegeven', updated_at = $3 WHERE subscription_id = $1 AND event_id = $2",
                event.abonnement_id, event.event_id, at,
            )  # fmt: skip
        case AfleveringOpnieuwAangeboden():
            await connection.execute(
                """UPDATE deliveries SET status = 'opnieuw', attempts = 0, next_attempt_at = NULL, updated_at = $3
                   WHERE subscription_id = $1 AND event_id = $2""",
                event.abonnement_id, event.event_id, at,
            )  # fmt: skip
        case InhaalslagGevraagd():
            await _catch_up(connection, event)


async def _catch_up(connection: asyncpg.Connection, event: InhaalslagGevraagd) -> None:
    """Everything from the position or moment on is offered again; so is everything not yet delivered."""
    chosen = "position >= $2" if event.vanaf_positie is not None else "time >= $2"
    since = event.vanaf_positie if event.vanaf_positie is not None else event.vanaf_tijd
    await connection.execute(
        f"""INSERT INTO replays (subscription_id, event_id) SELECT $1, event_id FROM feed WHERE {chosen}
            ON CONFLICT DO NOTHING""",
        event.abonnement_id, since,
    )  # fmt: skip
    await connection.execute(
        f"""DELETE FROM deliveries d WHERE d.subscription_id = $1
            AND (d.status <> 'afgeleverd' OR d.event_id IN (SELECT event_id FROM feed WHERE {chosen}))""",
        event.abonnement_id, since,
    )  # fmt: skip


def subscription_row(r: asyncpg.Record) -> dict:
    return {
        "abonnement_id": str(r["subscription_id"]),
        "eigenaar": r["owner"],
        "callback_url": r["callback_url"],
        "types": list(r["types"]),
        "prioriteiten": list(r["priorities"]),
        "allianties": list(r["alliances"]),
        "authenticatie": [m for m, v in (("api-key", r["api_key"]), ("hmac", r["hmac_secret"])) if v],
        "api_key_header": r["api_key_header"],
        "vanaf_positie": r["start_position"],
        "actief": r["active"],
        "genomen_op": r["created_at"],
    }


class SubscriptionReadModels:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def subscriptions(self, owner: str | None = None) -> list[dict]:
        rows = await self.pool.fetch(
            "SELECT * FROM subscriptions WHERE $1::text IS NULL OR owner = $1 ORDER BY created_at, subscription_id", owner
        )
        return [subscription_row(r) for r in rows]

    async def subscription(self, subscription_id: str) -> dict | None:
        row = await self.pool.fetchrow("SELECT * FROM subscriptions WHERE subscription_id = $1::uuid", subscription_id)
        return subscription_row(row) if row else None

    async def attempts(self, subscription_id: str) -> list[dict]:
        rows = await self.pool.fetch(
            "SELECT * FROM delivery_attempts WHERE subscription_id = $1::uuid ORDER BY recorded_at, position, attempt", subscription_id
        )
        return [
            {
                "event_id": str(r["event_id"]),
                "type": r["event_type"],
                "stroom": r["stream"],
                "positie": r["position"],
                "poging": r["attempt"],
                "gelukt": r["ok"],
                "http_status": r["http_status"],
                "fout": r["error"],
                "volgende_poging_op": r["next_attempt_at"],
                "op": r["recorded_at"],
            }
            for r in rows
        ]

    async def dead_letters(self, subscription_id: str) -> list[dict]:
        rows = await self.pool.fetch(
            """SELECT d.*, f.name FROM deliveries d JOIN feed f ON f.event_id = d.event_id
               WHERE d.subscription_id = $1::uuid AND d.status = 'opgegeven' ORDER BY d.position""",
            subscription_id,
        )
        return [
            {
                "event_id": str(r["event_id"]),
                "type": r["name"],
                "stroom": r["stream"],
                "positie": r["position"],
                "pogingen": r["attempts"],
                "laatste_http_status": r["last_status"],
                "laatste_fout": r["last_error"],
                "opgegeven_op": r["updated_at"],
            }
            for r in rows
        ]
