"""Claims in notificatie's own database (``primary/002_claims.sql``): leases with an expiry, so two
instances never send the same mail or deliver on the same lane, and a dead instance's claims lapse.

Leases are timed by the database's clock (one clock for every instance); waiting for a next try is
timed in real time too (``entrypoints.tickers.real_time``), never by the settable clock of a demo.
"""

from __future__ import annotations

from datetime import datetime

import asyncpg

from allianties_shared.eventstore.ports import StoreTransaction
from notificatie.application.ports import Claimed


def _connection(tx: StoreTransaction) -> asyncpg.Connection:
    return tx.connection  # type: ignore[attr-defined]


class PostgresDeliveryLeases:
    """The ``DeliveryLeases``: one row per (subscription, stream) while an instance holds the lane."""

    def __init__(self, pool: asyncpg.Pool, lease_seconds: float) -> None:
        self.pool = pool
        self.lease_seconds = lease_seconds

    async def claim(self, abonnement_id: str, streams: list[str], token: str) -> list[str]:
        rows = await self.pool.fetch(
            """INSERT INTO delivery_leases (subscription_id, stream, lease_owner, leased_until)
               SELECT $1::uuid, s, $3, now() + make_interval(secs => $4) FROM unnest($2::text[]) AS s
               ON CONFLICT (subscription_id, stream) DO UPDATE
                   SET lease_owner = EXCLUDED.lease_owner, leased_until = EXCLUDED.leased_until
                   WHERE delivery_leases.leased_until < now()
               RETURNING stream""",
            abonnement_id, sorted(streams), token, self.lease_seconds,
        )  # fmt: skip
        return sorted(r["stream"] for r in rows)

    async def holds(self, tx: StoreTransaction, abonnement_id: str, stream: str, token: str) -> bool:
        return bool(
            await _connection(tx).fetchval(
                """SELECT true FROM delivery_leases WHERE subscription_id = $1::uuid AND stream = $2 AND lease_owner = $3
                   FOR UPDATE""",
                abonnement_id, stream, token,
            )  # fmt: skip
        )

    async def release(self, abonnement_id: str, streams: list[str], token: str) -> None:
        await self.pool.execute(
            "DELETE FROM delivery_leases WHERE subscription_id = $1::uuid AND stream = ANY($2::text[]) AND lease_owner = $3",
            abonnement_id, streams, token,
        )  # fmt: skip


class PostgresMessageClaims:
    """The ``MessageClaims``: one row per (notification, person), kept once settled so it is never sent again."""

    def __init__(self, pool: asyncpg.Pool, lease_seconds: float) -> None:
        self.pool = pool
        self.lease_seconds = lease_seconds

    async def claim(self, keys: list[tuple[str, str]], token: str, now: datetime) -> dict[tuple[str, str], Claimed]:
        ordered = sorted(keys)  # one order for every instance: concurrent claims never deadlock
        rows = await self.pool.fetch(
            """INSERT INTO message_claims (notification_id, person_id, lease_owner, leased_until)
               SELECT n, p, $3, now() + make_interval(secs => $4) FROM unnest($1::uuid[], $2::text[]) AS k (n, p)
               ON CONFLICT (notification_id, person_id) DO UPDATE
                   SET lease_owner = EXCLUDED.lease_owner, leased_until = EXCLUDED.leased_until
                   WHERE NOT message_claims.settled
                     AND (message_claims.leased_until IS NULL OR message_claims.leased_until < now())
                     AND (message_claims.next_attempt_at IS NULL OR message_claims.next_attempt_at <= $5)
               RETURNING notification_id, person_id, attempts, first_failed_at""",
            [k[0] for k in ordered], [k[1] for k in ordered], token, self.lease_seconds, now,
        )  # fmt: skip
        return {(str(r["notification_id"]), r["person_id"]): Claimed(r["attempts"], r["first_failed_at"]) for r in rows}

    async def holds(self, tx: StoreTransaction, key: tuple[str, str], token: str) -> bool:
        return bool(
            await _connection(tx).fetchval(
                """SELECT true FROM message_claims WHERE notification_id = $1::uuid AND person_id = $2 AND lease_owner = $3
                   AND NOT settled FOR UPDATE""",
                key[0], key[1], token,
            )  # fmt: skip
        )

    async def settle(self, tx: StoreTransaction, key: tuple[str, str]) -> None:
        await _connection(tx).execute(
            """UPDATE message_claims SET settled = true, lease_owner = NULL, leased_until = NULL
               WHERE notification_id = $1::uuid AND person_id = $2""",
            key[0], key[1],
        )  # fmt: skip

    async def failed(self, key: tuple[str, str], token: str, retry_at: datetime, reason: str, now: datetime) -> None:
        await self.pool.execute(
            """UPDATE message_claims SET attempts = attempts + 1, next_attempt_at = $4, last_reason = $5,
                   first_failed_at = coalesce(first_failed_at, $6), lease_owner = NULL, leased_until = NULL
               WHERE notification_id = $1::uuid AND person_id = $2 AND lease_owner = $3""",
            key[0], key[1], token, retry_at, reason, now,
        )  # fmt: skip
