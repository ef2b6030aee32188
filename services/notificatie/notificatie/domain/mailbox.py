"""The notifications of one alliance: one stream per alliance, one event per message recorded."""

from __future__ import annotations

from uuid import UUID, uuid5

from allianties_shared.contracts.notificatie import NotificatieVastgelegd
from allianties_shared.domain import Aggregate, DomainEvent

# Which consumed event tells whom what (template names; the texts live in the templates).
TEMPLATES: dict[str, tuple[str, str]] = {
    "aanvraag-ingediend": ("penvoerder", "aanvraag-ontvangen"),
    "subsidie-verleend": ("penvoerder", "subsidie-verleend"),
    "subsidie-afgewezen": ("penvoerder", "subsidie-afgewezen"),
    "dossier-geopend": ("penvoerder", "dossier-geopend"),
}

_NAMESPACE = UUID("6f1c3a52-4d0e-4a8e-9d35-2b7f7a1e0c11")


def stream_id(alliance_id: str) -> str:
    return f"notificaties-{alliance_id}"


class Mailbox(Aggregate):
    stream_type = "notificaties"

    def __init__(self, id: str) -> None:
        super().__init__(id)
        self.causes: set[str] = set()

    def record(self, alliance_id: str, cause_id: str, cause_name: str) -> None:
        """Record the message a consumed event calls for; once per cause."""
        if cause_name not in TEMPLATES or cause_id in self.causes:
            return
        role, template = TEMPLATES[cause_name]
        self._record(
            NotificatieVastgelegd(
                notificatie_id=str(uuid5(_NAMESPACE, f"{cause_id}:{role}")),
                alliantie_id=alliance_id,
                ontvanger_rol=role,
                sjabloon=template,
                aanleiding_event_id=cause_id,
                aanleiding_type=cause_name,
            )
        )

    def apply(self, event: DomainEvent) -> None:
        if isinstance(event, NotificatieVastgelegd):
            self.causes.add(event.aanleiding_event_id)
