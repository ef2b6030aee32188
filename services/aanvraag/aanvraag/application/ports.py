"""What the handlers need from the outside world; bootstrap wires real adapters, tests pass fakes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol
from uuid import UUID

from allianties_shared.application import Repository
from allianties_shared.contracts.aanvraag import registry
from allianties_shared.domain.personal_data import Sealed
from allianties_shared.eventstore.ports import EventStore


class PersonalData(Protocol):
    async def seal(self, subject: UUID, value: str) -> Sealed:
        """Encrypt ``value`` with the key of ``subject`` (created on first use)."""
        ...

    async def erase(self, subject: UUID) -> bool:
        """Forget the key of ``subject``: everything sealed with it becomes unreadable."""
        ...


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Dependencies:
    store: EventStore
    personal_data: PersonalData
    repository: Repository = field(default_factory=lambda: Repository(registry))
    clock: Callable[[], datetime] = _now
