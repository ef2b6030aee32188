"""The regulation's model. Pure data: no I/O, usable from every service's domain layer."""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, model_validator

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


class Programmalijn(StrEnum):
    EMANCIPATIE = "emancipatie"
    ANTIDISCRIMINATIE = "antidiscriminatie"
    GEDEELDE_GESCHIEDENIS = "gedeelde-geschiedenis"


class DocumentSoort(StrEnum):
    THEORY_OF_CHANGE = "theory-of-change"
    TRACKRECORD = "trackrecord"
    ACTIVITEITENPLAN = "activiteitenplan"
    BEGROTING = "begroting"
    SAMENWERKINGSOVEREENKOMST = "samenwerkingsovereenkomst"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Prioriteit(_Frozen):
    nummer: int = Field(ge=1)
    naam: str
    name_en: str
    programmalijn: Programmalijn


class Venster(_Frozen):
    """A window of whole days, ``van`` to ``tot`` inclusive, in Amsterdam time."""

    van: date
    tot: date

    @model_validator(mode="after")
    def _ordered(self) -> Venster:
        if self.tot < self.van:
            raise ValueError(f"window ends ({self.tot}) before it starts ({self.van})")
        return self

    def opens_at(self) -> datetime:
        return datetime.combine(self.van, time.min, AMSTERDAM)

    def closes_at(self) -> datetime:
        """The first moment after the window: the last day ends at midnight, Amsterdam time."""
        return datetime.combine(self.tot, time.max, AMSTERDAM)

    def contains(self, moment: datetime) -> bool:
        return self.opens_at() <= moment <= self.closes_at()


class Criterium(_Frozen):
    code: str
    naam: str
    gewicht: int = Field(gt=0, description="relative weight; the Theory of Change weighs heaviest by default")


class Subsidieperiode(_Frozen):
    """When a grant runs: ``maanden`` from ``start``; ``jaren`` is how many years are intended."""

    start: date
    maanden: int = Field(gt=0)
    jaren: int = Field(default=1, ge=1, description="years of funding intended (extension is a decision of its own)")
    soort: Literal["juni-juni", "kalenderjaar", "anders"]


class Ronde(_Frozen):
    id: str = Field(pattern=r"^[0-9a-z-]{2,40}$")
    naam: str
    concept: Venster | None = None
    feedback: Venster | None = None
    aanvragen: Venster
    beoordeling: Venster
    besluitdatum: date
    subsidieperiode: Subsidieperiode
    budget_per_prioriteit_centen: dict[int, int] = Field(description="per alliance per year, set by the college")
    gemeentelijk_deel_centen: dict[int, int] = Field(default_factory=dict, description="share of the municipality's own work")
    max_toekenningen_per_prioriteit: int = Field(default=1, ge=1)
    max_toekenningen_totaal: int = Field(default=7, ge=1)
    aanvullingstermijn_dagen: int = Field(default=14, gt=0)
    bezwaartermijn_dagen: int = Field(default=42, gt=0, description="six weeks (Awb)")
    rapportagetermijn_dagen: int = Field(default=30, gt=0, description="days after a half-year to submit its report")
    voorschotten_per_jaar: int = Field(default=4, ge=1)


class Regeling(_Frozen):
    naam: str
    talen: list[Literal["nl", "en"]]
    max_coordinatie_procent: int = Field(ge=0, le=100)
    minimum_partners: int = Field(ge=1, description="partners besides the penvoerder")
    documenten: list[DocumentSoort]
    prioriteiten: list[Prioriteit]
    criteria: list[Criterium]
    rondes: list[Ronde]

    @model_validator(mode="after")
    def _consistent(self) -> Regeling:
        numbers = {p.nummer for p in self.prioriteiten}
        for ronde in self.rondes:
            unknown = set(ronde.budget_per_prioriteit_centen) - numbers
            if unknown:
                raise ValueError(f"round {ronde.id} budgets unknown priorities {sorted(unknown)}")
        if len({r.id for r in self.rondes}) != len(self.rondes):
            raise ValueError("round ids must be unique")
        return self

    def ronde(self, ronde_id: str) -> Ronde | None:
        return next((r for r in self.rondes if r.id == ronde_id), None)

    def prioriteit(self, nummer: int) -> Prioriteit | None:
        return next((p for p in self.prioriteiten if p.nummer == nummer), None)
