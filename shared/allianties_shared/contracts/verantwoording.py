"""Events of the accountability service (verantwoording), on topic ``<prefix>verantwoording``."""

from __future__ import annotations

from datetime import date

from allianties_shared.domain.events import DomainEvent
from allianties_shared.events.registry import EventRegistry

registry = EventRegistry("verantwoording")


@registry.register
class DossierGeopend(DomainEvent):
    """A grant got its accountability dossier."""

    name = "dossier-geopend"

    dossier_id: str
    alliantie_id: str
    beoordeling_id: str
    aanvraag_id: str
    bedrag_per_jaar_centen: int
    periode_start: date
    periode_eind: date
