"""Events of the intake service (aanvraag), on topic ``<prefix>aanvraag``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import Field

from allianties_shared.contracts.common import Contactpersoon, Organisatie
from allianties_shared.domain.events import DomainEvent
from allianties_shared.events.registry import EventRegistry

registry = EventRegistry("aanvraag")


@registry.register
class AlliantieGeregistreerd(DomainEvent):
    """A penvoerder registered an alliance with at least two partner organisations."""

    name = "alliantie-geregistreerd"

    alliantie_id: str
    naam: str
    penvoerder: Organisatie
    partners: list[Organisatie]
    contactpersoon: Contactpersoon


@registry.register
class AanvraagOpgesteld(DomainEvent):
    """A draft application was started for an alliance, on one or more priorities."""

    name = "aanvraag-opgesteld"

    aanvraag_id: str
    alliantie_id: str
    ronde_id: str
    prioriteiten: list[int] = Field(min_length=1)
    bedrag_per_jaar_centen: int = Field(ge=0)


@registry.register
class AanvraagIngediend(DomainEvent):
    """The application was submitted inside the window; ``referentie`` is on the receipt.

    v2 replaced v1's single ``prioriteit`` by the list ``prioriteiten``: an alliance may apply on
    several priorities. v1 events are upcast on read.
    """

    name = "aanvraag-ingediend"
    version = 2

    aanvraag_id: str
    alliantie_id: str
    ronde_id: str
    referentie: str
    prioriteiten: list[int] = Field(min_length=1)
    bedrag_per_jaar_centen: int = Field(ge=0)
    ingediend_op: datetime


@registry.upcaster("aanvraag-ingediend", from_version=1)
def _aanvraag_ingediend_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    upcast = {k: v for k, v in data.items() if k != "prioriteit"}
    upcast["prioriteiten"] = [data["prioriteit"]]
    return upcast


@registry.register
class PersoonsgegevensGewist(DomainEvent):
    """A contact person's name and e-mail were erased on request (their key is gone; events stay)."""

    name = "persoonsgegevens-gewist"

    persoon_id: str


@registry.register
class AanvullingGevraagd(DomainEvent):
    """The municipality asked the alliance to complete its application within a term (the decision clock pauses)."""

    name = "aanvulling-gevraagd"

    aanvraag_id: str
    alliantie_id: str
    reden: str
    termijn: date


@registry.register
class AanvraagAangevuld(DomainEvent):
    """The alliance completed its application (the decision clock runs again)."""

    name = "aanvraag-aangevuld"

    aanvraag_id: str
    alliantie_id: str


@registry.register
class AanvraagIngetrokken(DomainEvent):
    """The alliance withdrew its application."""

    name = "aanvraag-ingetrokken"

    aanvraag_id: str
    alliantie_id: str
    reden: str


@registry.register
class AanvraagNietOntvankelijk(DomainEvent):
    """The application was declared inadmissible, with the reason."""

    name = "aanvraag-niet-ontvankelijk"

    aanvraag_id: str
    alliantie_id: str
    reden: str
