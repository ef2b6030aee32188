"""What the use cases need from the outside world; adapters implement these, tests pass fakes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from allianties_shared.domain.personal_data import Sealed
from notificatie.domain.subscription import Delivery


@dataclass(frozen=True)
class Contact:
    """A person's address and language, resolved at send time. Never stored, never logged."""

    persoon_id: str
    naam: str
    email: str
    taal: str
    gewist: bool = False


class ContactDirectory(Protocol):
    async def contact(self, role: str, persoon_id: str) -> Contact | None:
        """The person's current contact data; ``None`` when unknown; raises when the directory cannot be reached."""
        ...


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


class Mailer(Protocol):
    async def send(self, mail: Mail) -> None: ...


class Templates(Protocol):
    def render(self, template: str, language: str, variables: dict[str, Any]) -> tuple[str, str]:
        """Subject and body of ``template`` in ``language``."""
        ...


@dataclass(frozen=True)
class PendingMessage:
    notificatie_id: str
    alliantie_id: str
    role: str
    template: str
    variables: dict[str, Any]
    recipients: dict[str, str]  # persoon id -> language known from events, not yet sent to


class PendingMessages(Protocol):
    async def pending(self, limit: int = 100) -> list[PendingMessage]: ...


@dataclass(frozen=True)
class OpenDeadline:
    alliantie_id: str
    termijn_id: str
    termijn: datetime
    reminded: set[int]


class OpenDeadlines(Protocol):
    async def open_deadlines(self, now: datetime) -> list[OpenDeadline]: ...


@dataclass(frozen=True)
class PendingDelivery:
    delivery: Delivery
    body: bytes
    status: str | None  # None = never tried, "opnieuw" = retrying, "opgegeven" = dead-lettered
    attempts: int
    next_attempt_at: datetime | None


@dataclass(frozen=True)
class Target:
    """Where and how to deliver to one subscription (secrets revealed, only in memory)."""

    abonnement_id: str
    callback_url: str
    api_key_header: str | None
    api_key: str | None
    hmac_secret: str | None


class DeliveryQueue(Protocol):
    async def targets(self) -> list[Target]: ...

    async def pending(self, abonnement_id: str, limit: int = 500) -> list[PendingDelivery]:
        """Matching events not yet delivered, ordered by stream and stream version."""
        ...


@dataclass(frozen=True)
class Response:
    status: int | None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


class Webhooks(Protocol):
    async def validate(self, callback_url: str) -> Response:
        """The CloudEvents web hook validation handshake (``OPTIONS`` with ``WebHook-Request-Origin``)."""
        ...

    async def deliver(self, target: Target, body: bytes) -> Response: ...


class Sealer(Protocol):
    """Seals a secret with a key of its own subject (``PersonalDataVault.seal``)."""

    async def seal(self, subject: UUID, value: str) -> Sealed: ...
