"""The feed: every event of the four topics as received, numbered in arrival order, and the queue of
what each subscription still has to get."""

from __future__ import annotations

from urllib.parse import urlsplit

import asyncpg

from allianties_shared.domain.personal_data import Sealed
from allianties_shared.events.envelope import CloudEvent
from allianties_shared.eventstore.ports import StoreTransaction
from allianties_shared.personal_data.vault import PersonalDataVault
from notificatie.application.ports import PendingDelivery, Target
from notificatie.domain.subscription import NOT_SUBSCRIBABLE, Delivery


def _priorities(data: dict) -> list[int]:
    found = data.get("prioriteiten") or ([data["prioriteit"]] if isinstance(data.get("prioriteit"), int) else [])
    return [p for p in found if isinstance(p, int)]


async def add_to_feed(tx: StoreTransaction, envelope: CloudEvent) -> None:
    """In the consumer's transaction: the event joins the feed once (a redelivery changes nothing)."""
    name, _ = envelope.name_and_version
    await tx.connection.execute(  # type: ignore[attr-defined]
        """INSERT INTO feed (event_id, producer, name, subject, sequence, alliance_id, priorities, time, body)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (event_id) DO NOTHING""",
        envelope.id, envelope.producer, name, envelope.subject, int(envelope.sequence),
        envelope.data.get("alliantie_id"), _priorities(envelope.data), envelope.time, envelope.to_bytes().decode(),
    )  # fmt: skip


_PENDING = """
SELECT f.position, f.event_id, f.name, f.subject, f.body, d.status, coalesce(d.attempts, 0) AS attempts, d.next_attempt_at
FROM feed f JOIN subscriptions s ON s.subscription_id = $1::uuid
LEFT JOIN deliveries d ON d.subscription_id = s.subscription_id AND d.event_id = f.event_id
WHERE (f.position > s.start_position
       OR EXISTS (SELECT 1 FROM replays r WHERE r.subscription_id = s.subscription_id AND r.event_id = f.event_id))
  AND f.name <> ALL($2::text[])
  AND (cardinality(s.types) = 0 OR f.name = ANY(s.types))
  AND (cardinality(s.alliances) = 0 OR f.alliance_id = ANY(s.alliances))
  AND (cardinality(s.priorities) = 0 OR f.priorities && s.priorities)
  AND (d.status IS NULL OR d.status <> 'afgeleverd')
  AND ($4::text[] IS NULL OR f.subject = ANY($4::text[]))
ORDER BY f.position
LIMIT $3
"""


_COUNTS = """
SELECT s.subscription_id,
       count(f.position) FILTER (WHERE d.status IS NULL OR d.status = 'opnieuw') AS pending,
       count(f.position) FILTER (WHERE d.status = 'opnieuw') AS failing,
       count(f.position) FILTER (WHERE d.status = 'opgegeven') AS dead_letters
FROM subscriptions s
LEFT JOIN feed f ON (f.position > s.start_position
                     OR EXISTS (SELECT 1 FROM replays r WHERE r.subscription_id = s.subscription_id AND r.event_id = f.event_id))
  AND f.name <> ALL($1::text[])
  AND (cardinality(s.types) = 0 OR f.name = ANY(s.types))
  AND (cardinality(s.alliances) = 0 OR f.alliance_id = ANY(s.alliances))
  AND (cardinality(s.priorities) = 0 OR f.priorities && s.priorities)
LEFT JOIN deliveries d ON d.subscription_id = s.subscription_id AND d.event_id = f.event_id
WHERE s.active
GROUP BY s.subscription_id
"""

_FAILING = """
SELECT s.subscription_id, s.callback_url,
       count(*) FILTER (WHERE d.status = 'opnieuw') AS failing,
       count(*) FILTER (WHERE d.status = 'opgegeven') AS dead_letters,
       max(d.updated_at) AS last_failure_at,
       (array_agg(d.last_status ORDER BY d.updated_at DESC))[1] AS last_status,
       (array_agg(d.last_error ORDER BY d.updated_at DESC))[1] AS last_error
FROM subscriptions s JOIN deliveries d ON d.subscription_id = s.subscription_id
WHERE s.active AND (d.status = 'opgegeven' OR (d.status = 'opnieuw' AND d.attempts > 0))
GROUP BY s.subscription_id, s.callback_url
ORDER BY s.subscription_id
"""


class FeedQueue:
    """The ``DeliveryQueue`` on PostgreSQL; secrets are revealed from the vault only when delivering."""

    def __init__(self, pool: asyncpg.Pool, vault: PersonalDataVault) -> None:
        self.pool = pool
        self.vault = vault

    async def head(self) -> int:
        return await self.pool.fetchval("SELECT coalesce(max(position), 0) FROM feed")

    async def _reveal(self, raw: str | None) -> str | None:
        return await self.vault.reveal(Sealed.model_validate_json(raw)) if raw else None

    async def targets(self) -> list[Target]:
        rows = await self.pool.fetch("SELECT * FROM subscriptions WHERE active ORDER BY created_at")
        return [
            Target(
                abonnement_id=str(r["subscription_id"]),
                callback_url=r["callback_url"],
                api_key_header=r["api_key_header"],
                api_key=await self._reveal(r["api_key"]),
                hmac_secret=await self._reveal(r["hmac_secret"]),
            )
            for r in rows
        ]

    async def pending(self, abonnement_id: str, limit: int = 500, streams: list[str] | None = None) -> list[PendingDelivery]:
        rows = await self.pool.fetch(_PENDING, abonnement_id, sorted(NOT_SUBSCRIBABLE), limit, streams)
        return [
            PendingDelivery(
                delivery=Delivery(event_id=str(r["event_id"]), event_type=r["name"], stream=r["subject"], position=r["position"]),
                body=r["body"].encode(),
                status=r["status"],
                attempts=r["attempts"],
                next_attempt_at=r["next_attempt_at"],
            )
            for r in rows
        ]

    async def events(self, after: int, limit: int = 100) -> list[dict]:
        """The feed itself, for a subscriber that fetches what it missed."""
        rows = await self.pool.fetch(
            "SELECT position, body FROM feed WHERE position > $1 AND name <> ALL($2::text[]) ORDER BY position LIMIT $3",
            after, sorted(NOT_SUBSCRIBABLE), limit,
        )  # fmt: skip
        return [{"positie": r["position"], "event": CloudEvent.model_validate_json(r["body"]).model_dump(mode="json")} for r in rows]

    async def counts(self) -> dict[str, dict[str, int]]:
        """Per active subscription: events still to deliver, of which failing (retrying), and dead letters."""
        rows = await self.pool.fetch(_COUNTS, sorted(NOT_SUBSCRIBABLE))
        return {
            f"abonnement {r['subscription_id']}": {"pending": r["pending"], "failing": r["failing"], "dead_letters": r["dead_letters"]}
            for r in rows
        }

    async def failing_subscribers(self) -> list[dict]:
        """Active subscriptions whose last try of some delivery failed (retrying) or that have dead letters,
        with the most recent failure; a delivery offered again and not yet tried does not count."""
        rows = await self.pool.fetch(_FAILING)
        return [
            {
                "abonnement_id": str(r["subscription_id"]),
                "callback_host": urlsplit(r["callback_url"]).netloc,
                "failing": r["failing"],
                "dead_letters": r["dead_letters"],
                "last_failure_at": r["last_failure_at"],
                "last_status": r["last_status"],
                "last_error": r["last_error"],
            }
            for r in rows
        ]
