"""One leader per kind of work among a service's instances, on connections of their own that outlive a database restart.

``hold_connection`` keeps a session on a dedicated connection (outside the pool): when the
connection is lost (PostgreSQL restarted, the backend was terminated, the network went) the session
is cancelled, and started again on a new connection as soon as the database answers.

``LeaderLock`` is such a session: it waits for a PostgreSQL session advisory lock, then runs its work
for as long as it holds it. The lock lives exactly as long as its connection, so when the holder dies
PostgreSQL releases it and another instance takes over within ``retry_seconds``; one that lost the lock
waits a round longer before it contends again, so a healthy instance takes over first.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping

import asyncpg

from allianties_shared.eventstore.database_errors import CONNECTION_LOST, DatabaseUnavailable
from allianties_shared.logging import get_logger

log = get_logger(__name__)

UNREACHABLE = (*CONNECTION_LOST, OSError, DatabaseUnavailable)
"""The database is away or cannot be reached (OSError covers timeouts and every connect failure)."""

Session = Callable[[asyncpg.Connection], Awaitable[None]]
Listener = Callable[..., None]


async def database_answers(pool: asyncpg.Pool, timeout: float = 2.0) -> bool:
    """Whether the service's database answers a query now (asked after a network error, to tell whose it was)."""
    try:
        async with asyncio.timeout(timeout):  # not wait_for: on 3.11 it can lose a cancellation (allianties_shared.waiting)
            return await pool.fetchval("SELECT true")
    except UNREACHABLE:
        return False


class ConnectionLost(ConnectionError):
    """The dedicated connection closed under a session."""


async def hold_connection(database_url: str, use: str, session: Session, *, retry_seconds: float = 1.0) -> None:
    """Run ``session(connection)`` until cancelled, on a new connection whenever the last one is lost."""
    while True:
        try:
            async with asyncio.timeout(max(retry_seconds, 5.0)):
                connection = await asyncpg.connect(database_url)
        except UNREACHABLE as error:
            log.warning("database.connect_failed", use=use, error=repr(error), retry_in=retry_seconds)
        else:
            try:
                await _until_lost(connection, session)
            except UNREACHABLE as error:
                log.warning("database.connection_lost", use=use, error=repr(error), retry_in=retry_seconds)
            finally:
                connection.terminate()
        await asyncio.sleep(retry_seconds)


async def _until_lost(connection: asyncpg.Connection, session: Session) -> None:
    lost = asyncio.Event()
    connection.add_termination_listener(lambda _connection: lost.set())
    working = asyncio.create_task(session(connection))
    watching = asyncio.create_task(lost.wait())
    try:
        await asyncio.wait({working, watching}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (working, watching):
            task.cancel()
        await asyncio.gather(working, watching, return_exceptions=True)
    if working.done() and not working.cancelled() and working.exception() is not None:
        raise working.exception()
    if lost.is_set():
        raise ConnectionLost("the server closed the connection")


class LeaderLock:
    """``hold(work)``: run ``work()`` only while this instance holds the advisory lock ``key`` in the service's database.

    ``listen`` channels are LISTENed on the lock's connection while the lock is held (the relay wakes on
    ``events_appended``). The holder pings its connection every ``check_seconds``; a lost connection
    cancels ``work`` and the instance contends again. ``on_change`` is called when leadership is won or lost.
    """

    def __init__(
        self,
        database_url: str,
        key: int,
        name: str,
        *,
        retry_seconds: float = 1.0,
        check_seconds: float = 2.0,
        listen: Mapping[str, Listener] | None = None,
        on_change: Callable[[], None] | None = None,
    ) -> None:
        self.database_url = database_url
        self.key = key
        self.name = name
        self.retry_seconds = retry_seconds
        self.check_seconds = check_seconds
        self.listen = dict(listen or {})
        self.on_change = on_change
        self.backend_pid: int | None = None
        """The PostgreSQL backend that holds the lock for this instance, while it does."""
        self._stepping_back = False

    @property
    def held(self) -> bool:
        return self.backend_pid is not None

    async def hold(self, work: Callable[[], Awaitable[None]]) -> None:
        async def session(connection: asyncpg.Connection) -> None:
            await self._lead(connection, work)

        await hold_connection(self.database_url, f"lock:{self.name}", session, retry_seconds=self.retry_seconds)

    async def _lead(self, connection: asyncpg.Connection, work: Callable[[], Awaitable[None]]) -> None:
        if self._stepping_back:  # this instance just lost the lock: let a healthy one take it first
            self._stepping_back = False
            await asyncio.sleep(self.retry_seconds)
        while not await connection.fetchval("SELECT pg_try_advisory_lock($1)", self.key):
            await asyncio.sleep(self.retry_seconds)
        for channel, listener in self.listen.items():
            await connection.add_listener(channel, listener)
        self._changed(connection.get_server_pid())
        log.info("leader.acquired", lock=self.name)
        working = asyncio.create_task(work(), name=f"leader:{self.name}")
        try:
            while not working.done():
                await asyncio.wait({working}, timeout=self.check_seconds)
                if not working.done():
                    await connection.fetchval("SELECT 1", timeout=self.check_seconds)
            working.result()  # work that ends gives the lock up; the instance contends again
        except UNREACHABLE:
            raise
        except Exception as error:  # noqa: BLE001 - supervised: logged, the lock given up, taken again after retry_seconds
            log.error("leader.work_failed", lock=self.name, error=repr(error))
        finally:
            working.cancel()
            await asyncio.gather(working, return_exceptions=True)
            self._changed(None)
            self._stepping_back = True
            log.info("leader.released", lock=self.name)

    def _changed(self, backend_pid: int | None) -> None:
        self.backend_pid = backend_pid
        if self.on_change is not None:
            self.on_change()
