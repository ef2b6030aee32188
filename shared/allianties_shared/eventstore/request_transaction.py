"""One write with an ``Idempotency-Key``, one database transaction: its events and its answer commit together.

The HTTP edge opens a ``RequestTransaction`` for the request. The event store's first
``transaction()`` in that request begins it (a connection, BEGIN, the key's lock, a re-check of the
key) and, at a clean exit, leaves it pending instead of committing; later ``transaction()`` calls
of the request run as savepoints on the same connection. When the answer is complete the edge
stores it on that connection and commits (``commit``), or rolls everything back (``abandon``).
A crash can therefore never leave events without their stored answer, nor an answer without events.

Only the task that opened it sees the request transaction: work the request starts in another
task (a rebuild, say) uses the pool as always.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field

import asyncpg

from allianties_shared.eventstore.database_errors import CONNECTION_LOST
from allianties_shared.eventstore.idempotency_keys import Answer, StoredAnswer, find_answer, lock_key, store_answer

_current: ContextVar[RequestTransaction | None] = ContextVar("request_transaction", default=None)


class KeyAlreadyAnswered(Exception):  # noqa: N818 - a signal to the edge, not a failure
    """Another request with the same key committed while this one ran: the edge replays its answer."""

    def __init__(self, stored: StoredAnswer) -> None:
        super().__init__("idempotency key already answered")
        self.stored = stored


@dataclass(eq=False)
class RequestTransaction:
    scope: str
    key: str
    fingerprint: str
    lock_timeout: float
    task: asyncio.Task | None = field(default_factory=asyncio.current_task)
    connection: asyncpg.Connection | None = None
    finished: bool = False
    _pool: asyncpg.Pool | None = None
    _transaction: asyncpg.transaction.Transaction | None = None

    @classmethod
    @contextlib.contextmanager
    def opened(cls, scope: str, key: str, fingerprint: str, *, lock_timeout: float) -> Iterator[RequestTransaction]:
        holder = cls(scope, key, fingerprint, lock_timeout)
        token = _current.set(holder)
        try:
            yield holder
        finally:
            holder.finished = True
            _current.reset(token)

    @staticmethod
    def active() -> RequestTransaction | None:
        """The open request transaction of the running task, if any."""
        holder = _current.get()
        if holder is None or holder.finished or holder.task is not asyncio.current_task():
            return None
        return holder

    @classmethod
    def bound(cls) -> RequestTransaction | None:
        """The running task's request transaction once it holds a connection."""
        holder = cls.active()
        return holder if holder is not None and holder.connection is not None else None

    async def begin(self, pool: asyncpg.Pool) -> asyncpg.Connection:
        """Acquire, BEGIN, lock the key and check it again: raise ``KeyAlreadyAnswered`` if it was answered meanwhile."""
        connection = await pool.acquire()
        transaction = connection.transaction()
        try:
            await transaction.start()
            await lock_key(connection, self.scope, self.key, timeout=self.lock_timeout)
            stored = await find_answer(connection, self.scope, self.key)
        except BaseException:
            await _discard(pool, connection, transaction)
            raise
        if stored is not None:
            await _discard(pool, connection, transaction)
            raise KeyAlreadyAnswered(stored)
        self._pool, self.connection, self._transaction = pool, connection, transaction
        return connection

    async def commit(self, answer: Answer, *, retention_seconds: int) -> None:
        """Store the answer in the pending transaction and commit both; on failure nothing is stored."""
        pool, connection, transaction = self._take()
        try:
            await store_answer(connection, self.scope, self.key, self.fingerprint, answer, retention_seconds=retention_seconds)
            await transaction.commit()
        except BaseException:
            await _discard(pool, connection, transaction)
            raise
        await pool.release(connection)

    async def abandon(self) -> None:
        """Roll back whatever the request wrote and give the connection back."""
        if self.connection is not None:
            await _discard(*self._take())

    def _take(self) -> tuple[asyncpg.Pool, asyncpg.Connection, asyncpg.transaction.Transaction]:
        assert self._pool is not None and self.connection is not None and self._transaction is not None
        taken = self._pool, self.connection, self._transaction
        self._pool = self.connection = self._transaction = None
        return taken


async def _discard(pool: asyncpg.Pool, connection: asyncpg.Connection, transaction: asyncpg.transaction.Transaction) -> None:
    """Roll back and release. A connection the server dropped, or a transaction that never started or
    failed, has nothing left to roll back here (releasing resets the connection)."""
    try:
        with contextlib.suppress(*CONNECTION_LOST):
            if not connection.is_closed():
                await transaction.rollback()
    finally:
        await pool.release(connection)
