"""Events of the notification service (notificatie), on topic ``<prefix>notificatie``."""

from __future__ import annotations

from typing import Literal

from allianties_shared.domain.events import DomainEvent
from allianties_shared.events.registry import EventRegistry

registry = EventRegistry("notificatie")


@registry.register
class NotificatieVastgelegd(DomainEvent):
    """A message for a person was recorded; who was told what, and why (the event that caused it)."""

    name = "notificatie-vastgelegd"

    notificatie_id: str
    alliantie_id: str
    ontvanger_persoon_id: str
    ontvanger_rol: Literal["penvoerder", "partner", "accounthouder"]
    taal: Literal["nl", "en"]
    sjabloon: str
    aanleiding_event_id: str
    aanleiding_type: str
