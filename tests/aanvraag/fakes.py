"""In-memory fakes for the handlers' ports, and a way to run handlers as an actor at a moment."""

from __future__ import annotations

import base64
from datetime import datetime
from uuid import UUID

from aanvraag.application.ports import Dependencies
from allianties_shared.application import CommandContext
from allianties_shared.domain import Actor, Role
from allianties_shared.domain.clock import SettableClock
from allianties_shared.domain.personal_data import Sealed
from allianties_shared.eventstore.memory import InMemoryEventStore
from allianties_shared.regulation.model import AMSTERDAM


class FakePersonalData:
    def __init__(self) -> None:
        self.values: dict[UUID, list[str]] = {}
        self.erased: set[UUID] = set()

    async def seal(self, subject: UUID, value: str) -> Sealed:
        self.values.setdefault(subject, []).append(value)
        return Sealed(subject=subject, ciphertext=base64.b64encode(f"sealed:{len(value)}".encode()).decode())

    async def erase(self, subject: UUID) -> bool:
        self.erased.add(subject)
        return True


class FakeDocuments:
    def __init__(self) -> None:
        self.contents: dict[str, bytes] = {}

    async def put(self, tx, sha256: str, content: bytes) -> None:
        self.contents[sha256] = content

    async def get(self, sha256: str) -> bytes | None:
        return self.contents.get(sha256)


def amsterdam(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=AMSTERDAM)


class Intake:
    """The handlers with fakes, a settable clock, and actors to act as."""

    def __init__(self, moment: datetime) -> None:
        self.clock = SettableClock(moment)
        self.store = InMemoryEventStore(self.clock)
        self.documents = FakeDocuments()
        self.personal_data = FakePersonalData()
        self.deps = Dependencies(store=self.store, personal_data=self.personal_data, documents=self.documents, clock=self.clock.now)

    def at(self, moment: datetime) -> None:
        self.clock.set(moment)

    @staticmethod
    def as_(role: Role, *alliances: str, actor_id: str | None = None) -> CommandContext:
        actor = Actor(id=actor_id or f"{role.value}-1", role=role, alliances=frozenset(alliances))
        return CommandContext(actor=actor, correlation_id="test")

    def names(self) -> list[str]:
        return [e.name for e in self.store.log]
