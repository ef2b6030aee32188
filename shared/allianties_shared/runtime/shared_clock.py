"""The settable clock belongs to the service, not the process: it is kept in the service's database.

``PUT /ops/clock`` on any instance writes the moment (and when it was set) to ``service_clock`` and
notifies ``service_clock`` in the same transaction; every instance LISTENs, takes the new offset at
once and wakes its tickers, so the ticker leader ticks right after a clock change wherever it was
made. An instance loads the clock at start and again whenever its listening connection comes back,
so one restarted after a crash, or one that missed a notification, reads the same time as the others.
``Clock.now()`` stays a local addition: no query per read.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import asyncpg

from allianties_shared.domain.clock import SettableClock
from allianties_shared.logging import get_logger
from allianties_shared.runtime.leadership import hold_connection

CHANNEL = "service_clock"
log = get_logger(__name__)


class SharedClock:
    def __init__(self, clock: SettableClock, pool: asyncpg.Pool, database_url: str, *, on_change: Callable[[], None]) -> None:
        self.clock = clock
        self.pool = pool
        self.database_url = database_url
        self.on_change = on_change

    async def load(self) -> None:
        """Take the clock the service's database holds (if it was ever set)."""
        row = await self.pool.fetchrow("SELECT set_to - set_at AS offset FROM service_clock")
        if row is not None:
            self._apply(row["offset"])

    async def set(self, moment: datetime) -> None:
        """Set the clock of every instance of the service to ``moment`` (timezone-aware)."""
        if moment.tzinfo is None:
            raise ValueError("a clock is set to a timezone-aware moment")
        set_at = datetime.now(UTC)
        offset = moment - set_at
        async with self.pool.acquire() as connection, connection.transaction():
            await connection.execute(
                """INSERT INTO service_clock (id, set_to, set_at) VALUES (true, $1, $2)
                   ON CONFLICT (id) DO UPDATE SET set_to = EXCLUDED.set_to, set_at = EXCLUDED.set_at""",
                moment,
                set_at,
            )
            await connection.execute("SELECT pg_notify($1, $2)", CHANNEL, str(_microseconds(offset)))
        self._apply(offset)  # this instance at once, not only when its own notification arrives

    async def follow(self) -> None:
        """Until cancelled: follow every change made by any instance (LISTEN), reloading after a lost connection."""

        async def listening(connection: asyncpg.Connection) -> None:
            await connection.add_listener(CHANNEL, self._on_notify)
            await self.load()  # what changed while this instance was not listening
            await asyncio.Event().wait()

        await hold_connection(self.database_url, "clock", listening)

    def _on_notify(self, _connection: object, _pid: int, _channel: str, payload: str) -> None:
        self._apply(timedelta(microseconds=int(payload)))

    def _apply(self, offset: timedelta) -> None:
        changed = offset != self.clock.offset
        self.clock.set_offset(offset)
        if changed:
            log.info("clock.followed", now=self.clock.now().isoformat())
            self.on_change()


def _microseconds(offset: timedelta) -> int:
    return (offset.days * 86_400 + offset.seconds) * 1_000_000 + offset.microseconds
