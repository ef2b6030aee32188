"""The connection pool: a bounded wait for every connection, and a request's own pending transaction.

asyncpg's ``Pool.fetch``/``execute``/... acquire without a timeout, so a pool whose connections are all
in use makes a request wait for ever. ``BoundedPool`` gives every acquire a timeout and turns running
out into ``DatabaseUnavailable`` (503 at the edge). Inside an HTTP write that holds a pending
transaction (``RequestTransaction``), the pool hands out that transaction's connection, so what the
request reads after its command sees the command's own writes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg

from allianties_shared.eventstore.database_errors import DatabaseUnavailable
from allianties_shared.eventstore.request_transaction import RequestTransaction


class BoundedPool(asyncpg.Pool):
    """An asyncpg pool whose every acquire waits at most ``acquire_timeout`` seconds."""

    acquire_timeout: float = 5.0

    def acquire(self, *, timeout: float | None = None):
        pending = RequestTransaction.bound()
        if pending is not None:
            return _borrowed(pending.connection)
        return super().acquire(timeout=self.acquire_timeout if timeout is None else timeout)

    async def _acquire(self, timeout):
        try:
            return await super()._acquire(timeout)
        except TimeoutError:
            raise DatabaseUnavailable(
                f"no database connection free within {timeout:g} s (pool of {self.get_max_size()})"
            ) from None


@asynccontextmanager
async def _borrowed(connection: asyncpg.Connection) -> AsyncIterator[asyncpg.Connection]:
    """The request's pending connection, lent out without giving it back to the pool afterwards."""
    yield connection


async def create_bounded_pool(dsn: str, *, size: int, acquire_timeout: float) -> BoundedPool:
    """A pool of at most ``size`` connections; it reconnects by itself after PostgreSQL restarts."""
    pool = BoundedPool(
        dsn,
        min_size=min(2, size),
        max_size=size,
        max_queries=50_000,
        max_inactive_connection_lifetime=300.0,
        loop=None,
        connection_class=asyncpg.Connection,
        record_class=asyncpg.Record,
        timeout=acquire_timeout,  # connecting, too, is bounded
    )
    pool.acquire_timeout = acquire_timeout
    return await pool
