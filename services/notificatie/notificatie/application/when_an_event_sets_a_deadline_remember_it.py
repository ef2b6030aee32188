"""Deadlines are learned from the events that set them, and ended by the events that meet them."""

from __future__ import annotations

from datetime import datetime

from allianties_shared.domain import DomainEvent
from allianties_shared.regulation.model import Regeling
from notificatie.domain.deadlines import deadlines_ended_by, deadlines_set_by
from notificatie.domain.mailbox import Mailbox


def remember_deadlines(mailbox: Mailbox, event: DomainEvent, cause: str, at: datetime, regulation: Regeling) -> None:
    for deadline in deadlines_set_by(event, cause, at, regulation):
        mailbox.learn_deadline(event.alliantie_id, deadline, cause)
    for kinds, reference in deadlines_ended_by(event):
        mailbox.end_deadlines(event.alliantie_id, kinds, reference, cause)
