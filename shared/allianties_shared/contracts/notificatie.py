"""Events of the notification service (notificatie), on topic ``<prefix>notificatie``."""

from __future__ import annotations

from typing import Literal

from allianties_shared.domain.events import DomainEvent
from allianties_shared.events.registry import EventRegistry

registry = EventRegistry("notificatie")


@registry.register
class NotificatieVastgelegd(DomainEvent):
    """A message for a role in an alliance was recorded: what, for whom, and why (the causing event).

    The address and language of the person in that role are resolved when the message is sent.
    """

    name = "notificatie-vastgelegd"

    notificatie_id: str
    alliantie_id: str
    ontvanger_rol: Literal["penvoerder", "partner", "accounthouder"]
    sjabloon: str
    aanleiding_event_id: str
    aanleiding_type: str
