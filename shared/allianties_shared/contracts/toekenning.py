"""Events of the assessment and decision service (toekenning), on topic ``<prefix>toekenning``."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

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


class Voorschot(BaseModel):
    """One advance payment of the grant."""

    model_config = ConfigDict(frozen=True)

    datum: date
    bedrag_centen: int = Field(gt=0)


class Verplichting(StrEnum):
    KWARTAALGESPREKKEN = "kwartaalgesprekken"
    HALFJAARLIJKSE_VERANTWOORDING = "halfjaarlijkse-verantwoording"
    EINDVERSLAG = "eindverslag"


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
