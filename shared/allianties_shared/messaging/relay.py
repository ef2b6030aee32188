"""The outbox relay: committed events, in reading order, to the service's topic; at-least-once.

The event store is the outbox. The relay reads after its checkpoint, publishes a batch, waits for
the broker's acknowledgement and only then moves the checkpoint, so a crash in between publishes
the batch again (consumers are idempotent). It wakes on LISTEN/NOTIFY, with a slow poll as a net.
Only one relay per service is active at a time: it holds a PostgreSQL advisory lock.
"""

from __future__ import annotations

import asyncio
import contextlib

import asyncpg

from allianties_shared.eventstore.checkpoints import PostgresCheckpoints
from allianties_shared.eventstore.ports import Position
from allianties_shared.eventstore.postgres import PostgresEventStore
from allianties_shared.logging import get_logger
from allianties_shared.messaging.publisher import EventPublisher

RELAY_CHECKPOINT = "outbox-relay"
_RELAY_LOCK = 7_202_102
log = get_logger(__name__)


class OutboxRelay:
    def __init__(
        self,
        store: PostgresEventStore,
        checkpoints: PostgresCheckpoints,
        publisher: EventPublisher,
        *,
        batch_size: int = 500,
        idle_poll_seconds: float = 0.5,
        retry_seconds: float = 1.0,
    ) -> None:
        self.store = store
        self.checkpoints = checkpoints
        self.publisher = publisher
        self.batch_size = batch_size
        self.idle_poll_seconds = idle_poll_seconds
        self.retry_seconds = retry_seconds
        self.published = 0
        self.active = False
        self._wake = asyncio.Event()
        self._lock = asyncio.Lock()

    async def position(self) -> Position:
        return await self.checkpoints.load(RELAY_CHECKPOINT)

    async def drain(self) -> int:
        """Publish everything a follower can see now; return how many events went out."""
        sent = 0
        async with self._lock:
            position = await self.position()
            while batch := await self.store.read_all(position, self.batch_size):
                await self.publisher.publish(batch)
                position = Position.of(batch[-1])
                await self.checkpoints.save(RELAY_CHECKPOINT, position)
                sent += len(batch)
        self.published += sent
        return sent

    async def reset(self, to: Position) -> None:
        """Move the checkpoint back (or forward): everything after ``to`` is published again."""
        async with self._lock:
            await self.checkpoints.save(RELAY_CHECKPOINT, to)
        self._wake.set()

    async def run(self) -> None:
        """Relay until cancelled: take the relay lock, then drain on every notification."""
        connection: asyncpg.Connection = await self.store.pool.acquire()
        try:
            while not await connection.fetchval("SELECT pg_try_advisory_lock($1)", _RELAY_LOCK):
                await asyncio.sleep(self.idle_poll_seconds)
            self.active = True
            await connection.add_listener("events_appended", self._on_notify)
            while True:
                self._wake.clear()
                try:
                    if await self.drain():
                        continue
                except Exception as error:  # noqa: BLE001 - broker or database away: keep the checkpoint, try again
                    log.warning("relay.publish_failed", error=repr(error), retry_in=self.retry_seconds)
                    await asyncio.sleep(self.retry_seconds)
                    continue
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), self.idle_poll_seconds)
        finally:
            self.active = False
            with contextlib.suppress(Exception):
                await connection.remove_listener("events_appended", self._on_notify)
                await connection.execute("SELECT pg_advisory_unlock($1)", _RELAY_LOCK)
            await self.store.pool.release(connection)

    def _on_notify(self, *_: object) -> None:
        self._wake.set()
