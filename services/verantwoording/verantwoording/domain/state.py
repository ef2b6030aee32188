"""What a dossier holds, as plain data: the aggregate folds events into these, the read model shows them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from allianties_shared.contracts.verantwoording import Termijn

REPORT_KINDS = ("halfjaarrapportage", "eindverslag")


@dataclass
class Term:
    """One item of the schedule and what happened to it."""

    termijn_id: str
    soort: str
    van: date
    tot: date
    uiterlijk: date
    status: str = "open"  # conversation: open, gepland, gehouden; report: open, ingediend, teruggestuurd, geaccepteerd
    te_laat: bool = False
    gepland_op: date | None = None
    notities: str | None = None
    afspraken: list[str] = field(default_factory=list)
    notities_alliantie: str | None = None
    ingediend_op: datetime | None = None
    ingediend_te_laat: bool = False
    opmerkingen: list[str] = field(default_factory=list)
    rapportage: dict[str, Any] | None = None

    @classmethod
    def of(cls, termijn: Termijn) -> Term:
        return cls(termijn.termijn_id, termijn.soort, termijn.van, termijn.tot, termijn.uiterlijk)

    @property
    def is_report(self) -> bool:
        return self.soort in REPORT_KINDS

    @property
    def done(self) -> bool:
        return self.status in ("gehouden", "ingediend", "teruggestuurd", "geaccepteerd")


@dataclass
class Activity:
    activiteit_id: str
    titel: str
    datum: date
    plaats: str
    partners: list[str]
    onderdeel: str | None
    accounthouder_uitgenodigd: bool
    aanwezig: bool | None = None


@dataclass
class Story:
    verhaal_id: str
    activiteit_id: str
    halfjaar: int
    partner: str
    rol: str
    verteller: dict | None
    wat_veranderde: str
    waarom_belangrijkst: str
    taal: str
    geselecteerd: bool = False
    reden_selectie: str | None = None


@dataclass
class Settlement:
    vastgesteld_bedrag_centen: int
    voorschotten_centen: int
    verschil_centen: int
    uitkomst: str
