"""An event that concerns an alliance calls for a message to someone in it (see ``NOTIFIED_EVENTS``)."""

from __future__ import annotations

from allianties_shared.domain import DomainEvent
from notificatie.domain.mailbox import Mailbox


def record_notification(mailbox: Mailbox, event: DomainEvent, cause: str) -> None:
    mailbox.record(event.alliantie_id, cause, event.name)
