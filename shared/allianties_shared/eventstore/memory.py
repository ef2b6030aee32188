"""An in-memory event store with the same contract as PostgreSQL, for fast tests of our own logic."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from uuid import UUID

from allianties_shared.domain.clock import Clock, SystemClock
from allianties_shared.domain.errors import ConcurrencyError
from allianties_shared.events.recorded import GENESIS_HASH, RecordedEvent
from allianties_shared.eventstore.ports import START, NewEvent, Position, chain


class InMemoryTransaction:
    def __init__(self, store: InMemoryEventStore) -> None:
        self._store = store
        self.appended: list[RecordedEvent] = []
        self.processed: set[tuple[str, UUID]] = set()

    def _stream(self, stream_id: str) -> list[RecordedEvent]:
        committed = self._store.streams.get(stream_id, [])
        return committed + [e for e in self.appended if e.stream_id == stream_id]

    async def read_stream(self, stream_id: str) -> list[RecordedEvent]:
        return list(self._stream(stream_id))

    async def append(
        self, stream_id: str, stream_type: str, expected_version: int, events: Sequence[NewEvent]
    ) -> list[RecordedEvent]:
        stream = self._stream(stream_id)
        actual = len(stream)
        if actual != expected_version:
            raise ConcurrencyError(stream_id, expected_version, actual)
        prev_hash = stream[-1].hash if stream else GENESIS_HASH
        if duplicates := [e.event_id for e in events if e.event_id in self._store.event_ids]:
            raise ValueError(f"events {duplicates} are already stored")
        new = chain(stream_id, stream_type, expected_version, prev_hash, events, self._store.clock.now())
        self.appended.extend(new)
        return new

    async def was_processed(self, consumer: str, event_id: UUID) -> bool:
        key = (consumer, event_id)
        return key in self._store.processed or key in self.processed

    async def mark_processed(self, consumer: str, event_id: UUID) -> None:
        if await self.was_processed(consumer, event_id):
            raise ConcurrencyError(f"processed:{consumer}", 0, 1)
        self.processed.add((consumer, event_id))


class InMemoryEventStore:
    def __init__(self, clock: Clock | None = None) -> None:
        self.clock = clock or SystemClock()
        self.streams: dict[str, list[RecordedEvent]] = {}
        self.log: list[RecordedEvent] = []
        self.event_ids: set[UUID] = set()
        self.processed: set[tuple[str, UUID]] = set()
        self._lock = asyncio.Lock()
        self._transactions = 0

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[InMemoryTransaction]:
        async with self._lock:
            tx = InMemoryTransaction(self)
            yield tx
            self._commit(tx)

    def _commit(self, tx: InMemoryTransaction) -> None:
        self._transactions += 1
        for event in tx.appended:
            positioned = event._replace(global_position=len(self.log) + 1, transaction_id=self._transactions)
            self.streams.setdefault(event.stream_id, []).append(positioned)
            self.log.append(positioned)
            self.event_ids.add(event.event_id)
        self.processed |= tx.processed

    async def read_stream(self, stream_id: str) -> list[RecordedEvent]:
        return list(self.streams.get(stream_id, []))

    async def read_all(self, after: Position = START, limit: int = 1000) -> list[RecordedEvent]:
        return [e for e in self.log if Position.of(e) > after][:limit]
