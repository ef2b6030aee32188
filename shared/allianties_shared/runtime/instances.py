"""The instance registry: every running instance of a service, in the service's own database.

An instance registers at start, refreshes ``last_seen`` every ``heartbeat_seconds`` (and at once when
it wins or loses a lock), and removes itself at a clean shutdown. One not seen for three heartbeats
is stale: left out of the list, and removed by the next heartbeat of any instance. Which instance
holds the relay or the ticker lock is read from ``pg_locks``, not from what the instances last said.
"""

from __future__ import annotations

import asyncio
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import asyncpg

from allianties_shared.logging import get_logger
from allianties_shared.runtime.leadership import UNREACHABLE
from allianties_shared.waiting import woken

log = get_logger(__name__)
STALE_AFTER_HEARTBEATS = 3


@dataclass(frozen=True)
class Instance:
    id: str
    pid: int
    host: str
    started_at: datetime

    @classmethod
    def this_process(cls) -> Instance:
        host, pid = socket.gethostname(), os.getpid()
        return cls(f"{host}-{pid}-{uuid.uuid4().hex[:8]}", pid, host, datetime.now(UTC))


@dataclass(frozen=True)
class Roles:
    """The backends on which this instance holds the relay and the ticker lock (None: it does not)."""

    relay_backend: int | None = None
    tickers_backend: int | None = None


@dataclass
class InstanceRegistry:
    pool: asyncpg.Pool
    instance: Instance
    locks: dict[str, int]
    """``{"relay": key, "tickers": key}``: the advisory locks whose holders ``live()`` reports."""
    roles: Callable[[], Roles] = Roles
    heartbeat_seconds: float = 3.0
    _beat_now: asyncio.Event = field(default_factory=asyncio.Event)

    async def beat(self) -> None:
        """Say this instance is alive, with the locks it holds; drop instances that stopped beating."""
        roles = self.roles()
        async with self.pool.acquire() as connection:
            await connection.execute(
                """INSERT INTO service_instances (id, pid, host, started_at, last_seen, relay_backend, tickers_backend)
                   VALUES ($1, $2, $3, $4, now(), $5, $6)
                   ON CONFLICT (id) DO UPDATE SET last_seen = now(), relay_backend = EXCLUDED.relay_backend,
                       tickers_backend = EXCLUDED.tickers_backend""",
                self.instance.id,
                self.instance.pid,
                self.instance.host,
                self.instance.started_at,
                roles.relay_backend,
                roles.tickers_backend,
            )
            await connection.execute(
                "DELETE FROM service_instances WHERE last_seen < now() - $1::float8 * interval '1 second'", self._stale_seconds
            )

    def beat_soon(self) -> None:
        """Refresh this instance's row now (it won or lost a lock)."""
        self._beat_now.set()

    async def run(self) -> None:
        """Heartbeat until cancelled; a database that is away is waited out (the next beat registers again)."""
        while True:
            self._beat_now.clear()
            try:
                await self.beat()
            except UNREACHABLE as error:
                log.warning("instance.heartbeat_failed", error=repr(error))
            await woken(self._beat_now, self.heartbeat_seconds)

    async def deregister(self) -> None:
        await self.pool.execute("DELETE FROM service_instances WHERE id = $1", self.instance.id)

    async def live(self) -> list[dict]:
        """The instances seen within three heartbeats, oldest first, and whether each holds the relay or ticker lock."""
        rows = await self.pool.fetch(
            """SELECT id, pid, host, started_at, last_seen, relay_backend, tickers_backend FROM service_instances
               WHERE last_seen >= now() - $1::float8 * interval '1 second' ORDER BY started_at, id""",
            self._stale_seconds,
        )
        holders = await self._lock_holders()
        return [
            {
                "id": r["id"],
                "pid": r["pid"],
                "host": r["host"],
                "started_at": r["started_at"],
                "last_seen": r["last_seen"],
                "relay": r["relay_backend"] is not None and holders.get("relay") == r["relay_backend"],
                "tickers": r["tickers_backend"] is not None and holders.get("tickers") == r["tickers_backend"],
            }
            for r in rows
        ]

    async def _lock_holders(self) -> dict[str, int]:
        """Which backend holds each of ``locks`` in this database now (session advisory locks on a small bigint key)."""
        rows = await self.pool.fetch(
            """SELECT objid::text::bigint AS key, pid FROM pg_locks
               WHERE locktype = 'advisory' AND granted AND classid = 0 AND objsubid = 1
                 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"""
        )
        by_key = {r["key"]: r["pid"] for r in rows}
        return {name: by_key[key] for name, key in self.locks.items() if key in by_key}

    @property
    def _stale_seconds(self) -> float:
        return STALE_AFTER_HEARTBEATS * self.heartbeat_seconds
