"""What the handlers need from the outside world; bootstrap wires real adapters, tests pass fakes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol
from uuid import UUID

from allianties_shared.application import Repository
from allianties_shared.contracts.aanvraag import registry
from allianties_shared.domain.personal_data import Sealed
from allianties_shared.eventstore.ports import EventStore, StoreTransaction
from allianties_shared.regulation.loader import packaged_regulation
from allianties_shared.regulation.model import Regeling


class PersonalData(Protocol):
    async def seal(self, subject: UUID, value: str) -> Sealed:
        """Encrypt ``value`` with the key of ``subject`` (created on first use)."""
        ...

    async def erase(self, subject: UUID) -> bool:
        """Forget the key of ``subject``: everything sealed with it becomes unreadable."""
        ...


class DocumentContents(Protocol):
    """Document bytes, stored outside the events and addressed by their SHA-256."""

    async def put(self, tx: StoreTransaction, sha256: str, content: bytes) -> None:
        """Store ``content`` in the transaction ``tx`` that records the event naming it."""
        ...

    async def get(self, sha256: str) -> bytes | None: ...


@dataclass
class Dependencies:
    store: EventStore
    personal_data: PersonalData
    documents: DocumentContents
    clock: Callable[[], datetime]
    regulation: Regeling = field(default_factory=packaged_regulation)
    repository: Repository = field(default_factory=lambda: Repository(registry))
