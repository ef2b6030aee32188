"""The event store port: what handlers, the relay and the consumers rely on."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID, uuid4

from allianties_shared.domain.events import DomainEvent
from allianties_shared.events.recorded import EventMetadata, RecordedEvent, chain_hash


@dataclass(frozen=True, order=True)
class Position:
    """A place in the global reading order: (transaction id, global position).

    Events are read in the order of the transaction that wrote them, and never past the oldest
    transaction still running, so an event that commits late can never be skipped.
    """

    transaction_id: int = 0
    global_position: int = 0

    @classmethod
    def of(cls, event: RecordedEvent) -> Position:
        return cls(event.transaction_id, event.global_position)


START = Position()


@dataclass(frozen=True)
class NewEvent:
    name: str
    schema_version: int
    data: dict[str, Any]
    metadata: EventMetadata
    event_id: UUID

    @classmethod
    def from_domain(cls, event: DomainEvent, metadata: EventMetadata, event_id: UUID | None = None) -> NewEvent:
        return cls(
            name=event.name,
            schema_version=event.version,
            data=event.model_dump(mode="json"),
            metadata=metadata,
            event_id=event_id or uuid4(),
        )


def chain(
    stream_id: str,
    stream_type: str,
    expected_version: int,
    prev_hash: str,
    events: Sequence[NewEvent],
    recorded_at: datetime,
) -> list[RecordedEvent]:
    """Number new events after ``expected_version`` and link each to its predecessor's hash."""
    chained: list[RecordedEvent] = []
    for version, new in enumerate(events, start=expected_version + 1):
        fields = {
            "event_id": new.event_id,
            "stream_id": stream_id,
            "version": version,
            "name": new.name,
            "schema_version": new.schema_version,
            "data": new.data,
            "metadata": new.metadata,
            "recorded_at": recorded_at,
        }
        event_hash = chain_hash(prev_hash=prev_hash, **fields)
        chained.append(RecordedEvent(**fields, stream_type=stream_type, prev_hash=prev_hash, hash=event_hash))
        prev_hash = event_hash
    return chained


class StoreTransaction(Protocol):
    """One database transaction: reads, appends and inbox marks commit together or not at all."""

    async def read_stream(self, stream_id: str) -> list[RecordedEvent]: ...

    async def append(
        self, stream_id: str, stream_type: str, expected_version: int, events: Sequence[NewEvent]
    ) -> list[RecordedEvent]:
        """Append after ``expected_version`` (0 = new stream) or raise ``ConcurrencyError``."""
        ...

    async def was_processed(self, consumer: str, event_id: UUID) -> bool: ...

    async def mark_processed(self, consumer: str, event_id: UUID) -> None:
        """Record that ``consumer`` handled ``event_id``; a second mark raises ``ConcurrencyError``."""
        ...


class EventStore(Protocol):
    def transaction(self) -> AbstractAsyncContextManager[StoreTransaction]: ...

    async def read_stream(self, stream_id: str) -> list[RecordedEvent]: ...

    async def read_all(self, after: Position = START, limit: int = 1000) -> list[RecordedEvent]:
        """Committed events after ``after`` in the global reading order, at most ``limit``."""
        ...
