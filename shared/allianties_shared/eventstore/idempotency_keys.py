"""The stored first answers to writes with an ``Idempotency-Key``: one row per (caller, key), expiring.

Every writer of a key first takes a transaction-scoped advisory lock on it, so of two requests with
the same key one waits for the other and then sees its answer: a key is never answered twice.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import asyncpg
import orjson

_LOCK_NAMESPACE = 7_202_111  # first half of the two-part advisory lock; the second is a hash of (scope, key)
_LOCK_POLL_SECONDS = 0.05


@dataclass(frozen=True)
class Answer:
    """A complete HTTP answer: what a retry with the same key gets back."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes


@dataclass(frozen=True)
class StoredAnswer:
    fingerprint: str
    answer: Answer


class KeyInUse(Exception):
    """Another request with the same key is still running (it holds the key's lock)."""


async def lock_key(connection: asyncpg.Connection, scope: str, key: str, *, timeout: float) -> None:
    """Take the key's lock for the rest of the transaction, waiting at most ``timeout`` seconds."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not await connection.fetchval(
        "SELECT pg_try_advisory_xact_lock($1, hashtext($2 || ' ' || $3))", _LOCK_NAMESPACE, scope, key
    ):
        if asyncio.get_running_loop().time() >= deadline:
            raise KeyInUse(key)
        await asyncio.sleep(_LOCK_POLL_SECONDS)


async def find_answer(connection: asyncpg.Connection, scope: str, key: str) -> StoredAnswer | None:
    """The answer stored for the key, unless it expired (expired keys count as never used)."""
    row = await connection.fetchrow(
        """SELECT fingerprint, status, headers::text AS headers, body FROM idempotency_keys
           WHERE scope = $1 AND key = $2 AND expires_at > now()""",
        scope,
        key,
    )
    if row is None:
        return None
    headers = [(name, value) for name, value in orjson.loads(row["headers"])]
    return StoredAnswer(row["fingerprint"], Answer(row["status"], headers, bytes(row["body"])))


async def store_answer(
    connection: asyncpg.Connection, scope: str, key: str, fingerprint: str, answer: Answer, *, retention_seconds: int
) -> None:
    """Record the first answer; an expired row for the same key is replaced. Call under ``lock_key``."""
    await connection.execute(
        """INSERT INTO idempotency_keys (scope, key, fingerprint, status, headers, body, expires_at)
           VALUES ($1, $2, $3, $4, $5::jsonb, $6, now() + make_interval(secs => $7))
           ON CONFLICT (scope, key) DO UPDATE SET fingerprint = excluded.fingerprint, status = excluded.status,
               headers = excluded.headers, body = excluded.body, created_at = now(), expires_at = excluded.expires_at
           WHERE idempotency_keys.expires_at <= now()""",
        scope,
        key,
        fingerprint,
        answer.status,
        orjson.dumps(answer.headers).decode(),
        answer.body,
        float(retention_seconds),
    )


async def purge_expired(connection: asyncpg.Connection | asyncpg.Pool, *, batch: int = 500) -> int:
    """Delete up to ``batch`` expired keys (by the expiry index), skipping rows another writer holds."""
    status = await connection.execute(
        """DELETE FROM idempotency_keys WHERE (scope, key) IN (
               SELECT scope, key FROM idempotency_keys WHERE expires_at <= now()
               ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED)""",
        batch,
    )
    return int(status.rsplit(" ", 1)[-1])
