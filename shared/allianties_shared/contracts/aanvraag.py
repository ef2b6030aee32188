"""Events of the intake service (aanvraag), on topic ``<prefix>aanvraag``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from allianties_shared.contracts.common import Contactpersoon, Organisatie, Taal
from allianties_shared.domain.events import DomainEvent
from allianties_shared.events.registry import EventRegistry
from allianties_shared.regulation.model import DocumentSoort

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


@registry.register_past
class AanvraagIngediendV1(DomainEvent):
    """The application was submitted inside the window; ``referentie`` is on the receipt (v1: one priority)."""

    model_config = ConfigDict(title="AanvraagIngediend")
    name = "aanvraag-ingediend"
    version = 1

    aanvraag_id: str
    alliantie_id: str
    ronde_id: str
    referentie: str
    prioriteit: int
    bedrag_per_jaar_centen: int = Field(ge=0)
    ingediend_op: datetime


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


class DocumentMetadata(BaseModel):
    """One document as events carry it: what it is and its fingerprint; the content is stored apart."""

    model_config = ConfigDict(frozen=True)

    document_id: str
    soort: DocumentSoort
    titel: str = Field(min_length=1, max_length=200)
    taal: Taal
    grootte_bytes: int = Field(ge=1)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class BegrotingsJaar(BaseModel):
    """The budget of one year: the total asked and the part for organisation and coordination."""

    model_config = ConfigDict(frozen=True)

    jaar: str = Field(min_length=4, max_length=20, description="the budget year, for example 2021-2022")
    totaal_centen: int = Field(gt=0)
    coordinatie_centen: int = Field(ge=0)


@registry.register
class PartnerToegetreden(DomainEvent):
    """An organisation joined the alliance as a partner, from ``per``."""

    name = "partner-toegetreden"

    alliantie_id: str
    organisatie: Organisatie
    per: date


@registry.register
class PartnerVertrokken(DomainEvent):
    """A partner organisation left the alliance, from ``per``."""

    name = "partner-vertrokken"

    alliantie_id: str
    kvk: str
    per: date


@registry.register
class CoordinatieVastgelegd(DomainEvent):
    """Who coordinates the alliance: one or two member organisations, the actors who act as coordinator,
    and their contact persons (sealed). Coordinators may submit and answer for the alliance."""

    name = "coordinatie-vastgelegd"

    alliantie_id: str
    organisaties: list[str] = Field(min_length=1, max_length=2, description="KvK numbers of the coordinating members")
    actoren: list[str] = Field(description="actor ids (token subjects) recognised as coordinator")
    contactpersonen: list[Contactpersoon] = Field(min_length=1, max_length=2)


@registry.register
class ConceptTocIngediend(DomainEvent):
    """An alliance handed in a concept Theory of Change in the concept round of ``ronde_id``."""

    name = "concept-toc-ingediend"

    alliantie_id: str
    ronde_id: str
    document: DocumentMetadata


@registry.register
class FeedbackGegeven(DomainEvent):
    """An accounthouder gave feedback on an alliance's concept Theory of Change."""

    name = "feedback-gegeven"

    alliantie_id: str
    ronde_id: str
    feedback: str = Field(min_length=1)


@registry.register
class DocumentToegevoegd(DomainEvent):
    """A document was added to an application (one per kind; a newer one of the same kind replaces it)."""

    name = "document-toegevoegd"

    aanvraag_id: str
    alliantie_id: str
    document: DocumentMetadata


@registry.register
class BegrotingVastgelegd(DomainEvent):
    """The application's budget per year; coordination stays within the regulation's maximum share."""

    name = "begroting-vastgelegd"

    aanvraag_id: str
    alliantie_id: str
    jaren: list[BegrotingsJaar] = Field(min_length=1)
    bedrag_per_jaar_centen: int = Field(gt=0, description="the highest yearly total: what is asked per year")
