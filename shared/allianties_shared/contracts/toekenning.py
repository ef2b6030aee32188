"""Events of the assessment and decision service (toekenning), on topic ``<prefix>toekenning``."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from allianties_shared.domain.events import DomainEvent
from allianties_shared.events.registry import EventRegistry

registry = EventRegistry("toekenning")


@registry.register_past
class BeoordelingGeopendV1(DomainEvent):
    """A submitted application got an assessment for one of its priorities."""

    model_config = ConfigDict(title="BeoordelingGeopend")
    name = "beoordeling-geopend"
    version = 1

    beoordeling_id: str
    aanvraag_id: str
    alliantie_id: str
    prioriteit: int
    gevraagd_bedrag_per_jaar_centen: int = Field(ge=0)


@registry.register
class BeoordelingGeopend(DomainEvent):
    """A submitted application got an assessment for one of its priorities, with its decision deadline.

    v2 added the round and the decision deadline (``besluittermijn``); v1 events are upcast to the
    2021 round, whose decision date was 1 June 2021.
    """

    name = "beoordeling-geopend"
    version = 2

    beoordeling_id: str
    aanvraag_id: str
    alliantie_id: str
    prioriteit: int
    gevraagd_bedrag_per_jaar_centen: int = Field(ge=0)
    ronde_id: str
    besluittermijn: date


@registry.upcaster("beoordeling-geopend", from_version=1)
def _beoordeling_geopend_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    return {**data, "ronde_id": "2021", "besluittermijn": "2021-06-01"}


class Voorschot(BaseModel):
    """One advance payment of the grant."""

    model_config = ConfigDict(frozen=True)

    datum: date
    bedrag_centen: int = Field(gt=0)


class Verplichting(StrEnum):
    KWARTAALGESPREKKEN = "kwartaalgesprekken"
    HALFJAARLIJKSE_VERANTWOORDING = "halfjaarlijkse-verantwoording"
    EINDVERSLAG = "eindverslag"


@registry.register_past
class SubsidieVerleendV1(DomainEvent):
    """The decision maker granted the subsidy: the beschikking."""

    model_config = ConfigDict(title="SubsidieVerleend")
    name = "subsidie-verleend"
    version = 1

    beoordeling_id: str
    aanvraag_id: str
    alliantie_id: str
    prioriteit: int
    bedrag_per_jaar_centen: int = Field(gt=0)
    periode_start: date
    periode_eind: date


@registry.register
class SubsidieVerleend(DomainEvent):
    """The decision maker granted the subsidy: the beschikking (amount, period, obligations, advances).

    v2 added the beschikking's number, obligations, coordination maximum, advances and the intention
    to extend; v1 events are upcast with the 2021 regime (quarterly conversations, half-yearly
    accountability, 15% coordination, one advance of the whole amount at the start).
    """

    name = "subsidie-verleend"
    version = 2

    beoordeling_id: str
    aanvraag_id: str
    alliantie_id: str
    prioriteit: int
    beschikking_nummer: str
    bedrag_per_jaar_centen: int = Field(gt=0)
    periode_start: date
    periode_eind: date
    verlengingsintentie: bool = False
    max_coordinatie_procent: int = Field(default=15, ge=0, le=100)
    verplichtingen: list[Verplichting]
    voorschotten: list[Voorschot]


@registry.upcaster("subsidie-verleend", from_version=1)
def _subsidie_verleend_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    return {
        **data,
        "beschikking_nummer": f"BS-{data['beoordeling_id']}",
        "verlengingsintentie": False,
        "max_coordinatie_procent": 15,
        "verplichtingen": [Verplichting.KWARTAALGESPREKKEN.value, Verplichting.HALFJAARLIJKSE_VERANTWOORDING.value],
        "voorschotten": [{"datum": data["periode_start"], "bedrag_centen": data["bedrag_per_jaar_centen"]}],
    }


@registry.register
class SubsidieGewijzigd(DomainEvent):
    """A grant was amended before its final settlement (new amount and/or end), with the reason."""

    name = "subsidie-gewijzigd"

    beoordeling_id: str
    alliantie_id: str
    bedrag_per_jaar_centen: int = Field(gt=0)
    periode_eind: date
    reden: str
    voorschotten: list[Voorschot]


@registry.register
class SubsidieVerlengd(DomainEvent):
    """The grant was extended into a next year, as a decision of its own."""

    name = "subsidie-verlengd"

    beoordeling_id: str
    alliantie_id: str
    beschikking_nummer: str
    periode_start: date
    periode_eind: date
    bedrag_per_jaar_centen: int = Field(gt=0)
    voorschotten: list[Voorschot]


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


@registry.register
class BeoordelaarToegewezen(DomainEvent):
    """An assessor was assigned to all applications on one priority of a round."""

    name = "beoordelaar-toegewezen"

    ronde_id: str
    prioriteit: int
    beoordelaar_id: str


@registry.register
class BelangenverstrengelingGemeld(DomainEvent):
    """An assessor declared a conflict of interest and is excluded from this assessment."""

    name = "belangenverstrengeling-gemeld"

    beoordeling_id: str
    beoordelaar_id: str
    toelichting: str


@registry.register
class ScoreGegeven(DomainEvent):
    """An assessor scored one criterion (0-10) with a written motivation; a later score replaces an earlier one."""

    name = "score-gegeven"

    beoordeling_id: str
    beoordelaar_id: str
    criterium: str
    score: int = Field(ge=0, le=10)
    motivering: str


@registry.register
class BeoordelingGepauzeerd(DomainEvent):
    """A completion request runs: the decision deadline stands still until the application is completed."""

    name = "beoordeling-gepauzeerd"

    beoordeling_id: str
    alliantie_id: str
    sinds: date
    aanvultermijn: date


@registry.register
class BeoordelingHervat(DomainEvent):
    """The application was completed: the decision deadline runs again, moved by the days it stood still."""

    name = "beoordeling-hervat"

    beoordeling_id: str
    alliantie_id: str
    op: date
    besluittermijn: date


@registry.register
class BesluittermijnDreigtTeVerlopen(DomainEvent):
    """The decision would be late: the deadline is near and no decision was taken yet (flagged once)."""

    name = "besluittermijn-dreigt-te-verlopen"

    beoordeling_id: str
    alliantie_id: str
    besluittermijn: date
    dagen_resterend: int


@registry.register
class BeoordelingBeeindigd(DomainEvent):
    """The assessment ended without a decision: the application was withdrawn or declared inadmissible."""

    name = "beoordeling-beeindigd"

    beoordeling_id: str
    alliantie_id: str
    oorzaak: Literal["ingetrokken", "niet-ontvankelijk"]
    reden: str


@registry.register
class BesluitVerzonden(DomainEvent):
    """The decision (grant or rejection) was sent; an objection is possible until ``bezwaar_mogelijk_tot``."""

    name = "besluit-verzonden"

    beoordeling_id: str
    alliantie_id: str
    verzonden_op: date
    bezwaar_mogelijk_tot: date


@registry.register
class BezwaarIngediend(DomainEvent):
    """The alliance lodged an objection (bezwaar) against the decision, within the term."""

    name = "bezwaar-ingediend"

    beoordeling_id: str
    alliantie_id: str
    gronden: str
    ingediend_op: date


@registry.register
class BezwaarBeslist(DomainEvent):
    """The decision maker decided on the objection; a well-founded objection against a rejection reopens the assessment."""

    name = "bezwaar-beslist"

    beoordeling_id: str
    alliantie_id: str
    uitkomst: Literal["gegrond", "ongegrond", "niet-ontvankelijk"]
    motivering: str


@registry.register
class BudgetVastgelegd(DomainEvent):
    """Budget of a round's priority was committed to a grant (the amount per year now committed to it)."""

    name = "budget-vastgelegd"

    ronde_id: str
    prioriteit: int
    beoordeling_id: str
    alliantie_id: str
    bedrag_per_jaar_centen: int = Field(ge=0)


@registry.register
class PrioriteitOnvervuld(DomainEvent):
    """The decision maker left a priority unfunded: no suitable alliance applied."""

    name = "prioriteit-onvervuld"

    ronde_id: str
    prioriteit: int
    motivering: str


@registry.register
class VerleningVastgesteld(DomainEvent):
    """Verantwoording settled the grant finally (``subsidie-vastgesteld``): from now on it cannot be amended."""

    name = "verlening-vastgesteld"

    beoordeling_id: str
    alliantie_id: str
    vastgesteld_bedrag_centen: int
