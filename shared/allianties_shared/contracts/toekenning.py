"""Events of the assessment and decision service (toekenning), on topic ``<prefix>toekenning``."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from allianties_shared.domain.events import DomainEvent
from allianties_shared.events.registry import EventRegistry

registry = EventRegistry("toekenning")


@registry.register
class BeoordelingGeopend(DomainEvent):
    """A submitted application got an assessment for one of its priorities."""

    name = "beoordeling-geopend"

    beoordeling_id: str
    aanvraag_id: str
    alliantie_id: str
    prioriteit: int
    gevraagd_bedrag_per_jaar_centen: int = Field(ge=0)


@registry.register
class SubsidieVerleend(DomainEvent):
    """The decision maker granted the subsidy: the beschikking."""

    name = "subsidie-verleend"

    beoordeling_id: str
    aanvraag_id: str
    alliantie_id: str
    prioriteit: int
    bedrag_per_jaar_centen: int = Field(gt=0)
    periode_start: date
    periode_eind: date


@registry.register
class SubsidieAfgewezen(DomainEvent):
    """The decision maker rejected the application, with a motivation and a referral."""

    name = "subsidie-afgewezen"

    beoordeling_id: str
    aanvraag_id: str
    alliantie_id: str
    prioriteit: int
    motivering: str
    verwijzing: str | None = None
