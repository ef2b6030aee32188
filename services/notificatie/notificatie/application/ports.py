"""What the use cases need from the outside world; adapters implement these, tests pass fakes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from allianties_shared.domain.personal_data import Sealed
from allianties_shared.eventstore.ports import StoreTransaction
from notificatie.domain.subscription import Delivery


@dataclass(frozen=True)
class Contact:
    """A person's address and language, resolved at send time. Never stored, never logged."""

    persoon_id: str
    naam: str
    email: str
    taal: str
    gewist: bool = False


class DirectoryUnavailable(Exception):
    """The contact directory could not be asked (down, timed out, answered an error)."""


class MailRefused(Exception):
    """The mail server refused this recipient; another recipient may well succeed."""


class MailServerUnavailable(Exception):
    """The mail server could not be reached or failed; nothing about the recipient."""


class ContactDirectory(Protocol):
    async def contact(self, role: str, persoon_id: str) -> Contact | None:
        """The person's current contact data; ``None`` when unknown; raises ``DirectoryUnavailable`` when it cannot be asked."""
        ...


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str
    message_id: str  # the same for every try of one message to one person, so a re-sent mail is recognisable
    traceparent: str | None = None  # the trace of the event that called for the mail, when traced


class Mailer(Protocol):
    async def send(self, mail: Mail) -> None:
        """Send, or raise ``MailRefused`` / ``MailServerUnavailable``."""
        ...


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
    traceparent: str | None = None  # the W3C trace context of the event that called for it, when traced


class PendingMessages(Protocol):
    async def pending(self, now: datetime, limit: int = 100) -> list[PendingMessage]:
        """Messages with recipients not yet settled, leaving out those claimed by another instance or
        waiting for their next try, so that stuck messages never hold back the others."""
        ...


@dataclass(frozen=True)
class Claimed:
    """One mail to one person, claimed by this instance until the lease lapses."""

    attempts: int  # failed tries so far
    first_failed_at: datetime | None


class MessageClaims(Protocol):
    """Leases on (notification, person) in the service's database: one instance sends a mail at a time."""

    async def claim(self, keys: list[tuple[str, str]], token: str, now: datetime) -> dict[tuple[str, str], Claimed]:
        """Claim those of ``keys`` that are not settled, not leased by another and not waiting for their next try."""
        ...

    async def holds(self, tx: StoreTransaction, key: tuple[str, str], token: str) -> bool:
        """In the transaction that records the outcome: is the lease still ours? Locks it until commit."""
        ...

    async def settle(self, tx: StoreTransaction, key: tuple[str, str]) -> None:
        """In the same transaction: the outcome is recorded, the mail is never claimed again."""
        ...

    async def failed(self, key: tuple[str, str], token: str, retry_at: datetime, reason: str, now: datetime) -> None:
        """A failed try: release the lease and wait until ``retry_at``; only the lease holder's word counts."""
        ...


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

    async def pending(self, abonnement_id: str, limit: int = 500, streams: list[str] | None = None) -> list[PendingDelivery]:
        """Matching events not yet delivered (of ``streams`` only, if given), in feed order."""
        ...


class DeliveryLeases(Protocol):
    """Leases on (subscription, stream) lanes: only the holder delivers that stream, so per-stream order
    holds with N instances. A lease lapses after its time, so a dead instance's lane is taken over."""

    async def claim(self, abonnement_id: str, streams: list[str], token: str) -> list[str]:
        """Claim those ``streams`` that nobody holds (or whose lease lapsed); return the ones claimed."""
        ...

    async def holds(self, tx: StoreTransaction, abonnement_id: str, stream: str, token: str) -> bool:
        """In the transaction that records an attempt: is the lane still ours? Locks it until commit."""
        ...

    async def release(self, abonnement_id: str, streams: list[str], token: str) -> None: ...


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
