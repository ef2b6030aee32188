"""Events of the accountability service (verantwoording), on topic ``<prefix>verantwoording``.

Two kinds of stream: ``dossier-<id>`` (one grant, from beschikking to vaststelling) and
``accounthouderschap-<alliance>`` (who is the alliance's accounthouder, since when, and gaps).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from allianties_shared.contracts.common import Taal
from allianties_shared.contracts.toekenning import Voorschot
from allianties_shared.domain.events import DomainEvent
from allianties_shared.domain.personal_data import Sealed
from allianties_shared.events.registry import EventRegistry

registry = EventRegistry("verantwoording")

TermijnSoort = Literal["kwartaalgesprek", "halfjaarrapportage", "eindverslag"]


class _Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Termijn(_Value):
    """One item of the schedule: a quarterly conversation, a half-yearly report or the final report."""

    termijn_id: str = Field(description="kwartaal-N, halfjaar-N or eindverslag")
    soort: TermijnSoort
    van: date = Field(description="first day of the period the item covers")
    tot: date = Field(description="last day of the period the item covers")
    uiterlijk: date = Field(description="the last day it is due (Amsterdam time)")


class Begrotingsregel(_Value):
    partner: str = Field(min_length=1, max_length=200)
    post: str = Field(min_length=1, max_length=200, description="budget line")
    bedrag_centen: int = Field(ge=0)
    coordinatie: bool = Field(default=False, description="counts towards the coordination share")


class Besteding(_Value):
    partner: str = Field(min_length=1, max_length=200)
    post: str = Field(min_length=1, max_length=200)
    besteed_centen: int = Field(ge=0)


class Voortgang(_Value):
    onderdeel: str = Field(min_length=1, max_length=200, description="an item of the activity plan")
    toelichting: str = Field(min_length=1, max_length=4000)


class MscKeuze(_Value):
    verhaal_id: str
    reden: str = Field(min_length=1, max_length=2000)


class _DossierEvent(DomainEvent):
    dossier_id: str
    alliantie_id: str


@registry.register_past
class DossierGeopendV1(_DossierEvent):
    """A grant got its accountability dossier."""

    model_config = ConfigDict(title="DossierGeopend")
    name = "dossier-geopend"
    version = 1

    beoordeling_id: str
    aanvraag_id: str
    bedrag_per_jaar_centen: int
    periode_start: date
    periode_eind: date


@registry.register
class DossierGeopend(_DossierEvent):
    """A grant got its accountability dossier, with the beschikking's amount, period, obligations and advances.

    v2 added the beschikking (number, total, coordination maximum, obligations, advances); v1 events are
    upcast with the 2021 regime (15% coordination, the whole amount advanced at the start).
    """

    name = "dossier-geopend"
    version = 2

    beoordeling_id: str
    aanvraag_id: str
    beschikking_nummer: str
    bedrag_per_jaar_centen: int
    toegekend_totaal_centen: int
    periode_start: date
    periode_eind: date
    max_coordinatie_procent: int
    verplichtingen: list[str]
    voorschotten: list[Voorschot]


@registry.upcaster("dossier-geopend", from_version=1)
def _dossier_geopend_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    return {
        **data,
        "beschikking_nummer": f"BS-{data['beoordeling_id']}",
        "toegekend_totaal_centen": data["bedrag_per_jaar_centen"],
        "max_coordinatie_procent": 15,
        "verplichtingen": ["kwartaalgesprekken", "halfjaarlijkse-verantwoording"],
        "voorschotten": [{"datum": data["periode_start"], "bedrag_centen": data["bedrag_per_jaar_centen"]}],
    }


@registry.register
class VerantwoordingsschemaVastgesteld(_DossierEvent):
    """The schedule derived from the beschikking: quarterly conversations, half-yearly reports, the final report.

    Recorded again (complete) when an amendment or an extension moves the period.
    """

    name = "verantwoordingsschema-vastgesteld"

    aanleiding: Literal["beschikking", "wijziging", "verlenging"]
    termijnen: list[Termijn]


@registry.register
class DossierGewijzigd(_DossierEvent):
    """The grant was amended (subsidie-gewijzigd): new amount and/or end, the advances as they now stand."""

    name = "dossier-gewijzigd"

    bedrag_per_jaar_centen: int
    toegekend_totaal_centen: int
    periode_eind: date
    reden: str
    voorschotten: list[Voorschot]


@registry.register
class DossierVerlengd(_DossierEvent):
    """The grant was extended into a next year (subsidie-verlengd): the dossier runs on to the new end."""

    name = "dossier-verlengd"

    beschikking_nummer: str
    periode_start: date
    periode_eind: date
    bedrag_per_jaar_centen: int
    toegekend_totaal_centen: int
    voorschotten: list[Voorschot] = Field(description="every advance of the dossier, the extension's included")


@registry.register
class PlanEnBegrotingVastgelegd(_DossierEvent):
    """The alliance recorded its activity plan and how it divides the budget among partners and budget lines."""

    name = "plan-en-begroting-vastgelegd"

    activiteitenplan: list[str]
    begroting: list[Begrotingsregel]


@registry.register
class ActiviteitGeregistreerd(_DossierEvent):
    """The alliance registered an activity: when, where, which partners, and whether the accounthouder is invited."""

    name = "activiteit-geregistreerd"

    activiteit_id: str
    titel: str
    datum: date
    plaats: str
    partners: list[str]
    onderdeel: str | None = None
    accounthouder_uitgenodigd: bool = False


@registry.register
class AanwezigheidVastgelegd(_DossierEvent):
    """The accounthouder recorded whether they attended an activity they were invited to."""

    name = "aanwezigheid-vastgelegd"

    activiteit_id: str
    accounthouder_id: str
    aanwezig: bool


@registry.register
class MscVerhaalIngediend(_DossierEvent):
    """A Most Significant Change story after an activity; the storyteller's name, if given, is sealed."""

    name = "msc-verhaal-ingediend"

    verhaal_id: str
    activiteit_id: str
    halfjaar: int
    partner: str
    rol: Literal["deelnemer", "organisator"]
    verteller: Sealed | None = None
    wat_veranderde: str
    waarom_belangrijkst: str
    taal: Taal


@registry.register
class MscSelectieVastgelegd(_DossierEvent):
    """The most significant stories of a half-year were selected, each with its reason."""

    name = "msc-selectie-vastgelegd"

    halfjaar: int
    keuzes: list[MscKeuze]


@registry.register
class RapportageIngediend(_DossierEvent):
    """The alliance submitted a half-yearly (or final) report: progress, MSC stories, financial overview."""

    name = "rapportage-ingediend"

    termijn_id: str
    soort: TermijnSoort
    voortgang: list[Voortgang]
    msc_verhalen: list[str]
    financien: list[Besteding]
    ingediend_op: datetime
    te_laat: bool


@registry.register
class RapportageTeruggestuurd(_DossierEvent):
    """The accounthouder returned a report with comments; the alliance resubmits it."""

    name = "rapportage-teruggestuurd"

    termijn_id: str
    opmerkingen: str


@registry.register
class RapportageGeaccepteerd(_DossierEvent):
    """The accounthouder accepted a report."""

    name = "rapportage-geaccepteerd"

    termijn_id: str


@registry.register
class TermijnOverschreden(_DossierEvent):
    """An item of the schedule passed its due date undone: flagged once, with its term."""

    name = "termijn-overschreden"

    termijn_id: str
    soort: TermijnSoort
    uiterlijk: date


@registry.register
class KwartaalgesprekGepland(_DossierEvent):
    """The accounthouder scheduled a quarterly conversation."""

    name = "kwartaalgesprek-gepland"

    termijn_id: str
    datum: date


@registry.register
class KwartaalgesprekGehouden(_DossierEvent):
    """A quarterly conversation took place: the accounthouder's notes and the agreements made."""

    name = "kwartaalgesprek-gehouden"

    termijn_id: str
    notities: str
    afspraken: list[str]


@registry.register
class KwartaalgesprekAangevuld(_DossierEvent):
    """The alliance added its own notes to a quarterly conversation."""

    name = "kwartaalgesprek-aangevuld"

    termijn_id: str
    notities: str


@registry.register
class SubsidieVastgesteld(_DossierEvent):
    """Final settlement (vaststelling): the final amount; the difference from the advances is paid or reclaimed."""

    name = "subsidie-vastgesteld"

    vastgesteld_bedrag_centen: int
    toegekend_totaal_centen: int
    voorschotten_centen: int
    verschil_centen: int = Field(description="positive: to pay (nabetaling); negative: to reclaim (terugvordering)")
    uitkomst: Literal["nabetaling", "terugvordering", "geen"]


@registry.register
class DossierGesloten(_DossierEvent):
    """The dossier closed after the final settlement; nothing more is recorded in it."""

    name = "dossier-gesloten"


@registry.register
class AccounthouderToegewezen(DomainEvent):
    """An alliance without an accounthouder got one (actor id and display name; no e-mail)."""

    name = "accounthouder-toegewezen"

    alliantie_id: str
    accounthouder_id: str
    naam: str


@registry.register
class AccounthouderOvergedragen(DomainEvent):
    """The alliance was handed over from one accounthouder to the next, with a handover note."""

    name = "accounthouder-overgedragen"

    alliantie_id: str
    van_accounthouder_id: str
    naar_accounthouder_id: str
    naam: str
    overdrachtsnotitie: str


@registry.register
class AccounthouderVertrokken(DomainEvent):
    """The accounthouder left the alliance without a successor."""

    name = "accounthouder-vertrokken"

    alliantie_id: str
    accounthouder_id: str
    reden: str


@registry.register
class AlliantieZonderAccounthouderGesignaleerd(DomainEvent):
    """An alliance with a dossier has no accounthouder: flagged at once, listed until one is assigned."""

    name = "alliantie-zonder-accounthouder-gesignaleerd"

    alliantie_id: str
    aanleiding: Literal["dossier-geopend", "accounthouder-vertrokken"]
    dossier_id: str | None = None
