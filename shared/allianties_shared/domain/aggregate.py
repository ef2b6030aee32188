"""Aggregates validate first, then record; state changes only in ``apply``, so loading = replaying."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from typing import Self

from allianties_shared.domain.events import DomainEvent


class Aggregate(ABC):
    """Base for event-sourced aggregates.

    Subclasses implement ``apply(event)`` (usually a ``match`` on the event class) and public
    command methods that raise a ``DomainError`` before calling ``_record``.
    """

    stream_type: str = "aggregate"

    def __init__(self, id: str) -> None:
        self.id = id
        self.version = 0
        self._pending: list[DomainEvent] = []

    @classmethod
    def replay(cls, id: str, events: Iterable[DomainEvent]) -> Self:
        aggregate = cls(id)
        for event in events:
            aggregate.apply(event)
            aggregate.version += 1
        return aggregate

    @property
    def exists(self) -> bool:
        return self.version > 0 or bool(self._pending)

    @abstractmethod
    def apply(self, event: DomainEvent) -> None:
        """Change state for one event; never validates, never fails for a recorded event."""

    def _record(self, event: DomainEvent) -> None:
        self.apply(event)
        self._pending.append(event)

    def collect_pending(self) -> tuple[int, list[DomainEvent]]:
        """Hand out the new events with the version they were decided against, and forget them."""
        pending, self._pending = self._pending, []
        expected = self.version
        self.version += len(pending)
        return expected, pending
