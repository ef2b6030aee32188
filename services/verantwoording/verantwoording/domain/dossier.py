"""An accountability dossier: opened for one grant, it carries the grant to its final settlement (vaststelling)."""

from __future__ import annotations

from datetime import date, datetime

from allianties_shared.contracts.toekenning import Voorschot
from allianties_shared.contracts.verantwoording import (
    Begrotingsregel,
    DossierGeopend,
    DossierGesloten,
    DossierGewijzigd,
    DossierVerlengd,
    MscKeuze,
    SubsidieVastgesteld,
    TermijnOverschreden,
    VerantwoordingsschemaVastgesteld,
)
from allianties_shared.domain import Aggregate, DomainEvent
from verantwoording.domain.activities import ActivitiesPart
from verantwoording.domain.conversations import ConversationsPart
from verantwoording.domain.finance import granted_total, settle
from verantwoording.domain.reports import ReportsPart
from verantwoording.domain.rules import end_of_day, refuse
from verantwoording.domain.schedule import derive_schedule
from verantwoording.domain.state import Activity, Settlement, Story, Term


def stream_id(dossier_id: str) -> str:
    return f"dossier-{dossier_id}"


class Dossier(ActivitiesPart, ReportsPart, ConversationsPart, Aggregate):
    stream_type = "dossier"

    def __init__(self, id: str) -> None:
        super().__init__(id)
        self.dossier_id = ""
        self.alliance_id = ""
        self.status = "nieuw"
        self.beschikking_nummer = ""
        self.periode_start: date | None = None
        self.periode_eind: date | None = None
        self.segments: list[tuple[date, date, int]] = []  # (start, end, amount per year) per year granted
        self.toegekend_totaal_centen = 0
        self.max_coordinatie_procent = 15
        self.voorschotten: list[Voorschot] = []
        self.terms: dict[str, Term] = {}
        self.settlement: Settlement | None = None
        self.plan: list[str] = []
        self.budget: list[Begrotingsregel] = []
        self.activities: dict[str, Activity] = {}
        self.stories: dict[str, Story] = {}
        self.selections: dict[int, list[MscKeuze]] = {}

    def _ids(self) -> dict[str, str]:
        return {"dossier_id": self.dossier_id, "alliantie_id": self.alliance_id}

    def require_open(self) -> None:
        if self.status != "open":
            raise refuse(
                "dossier-open",
                f"Dossier {self.dossier_id} is {self.status}: er kan niets meer in worden vastgelegd.",
                f"Dossier {self.dossier_id} is {self.status}: nothing more can be recorded in it.",
            )

    # --- from the grant decisions -------------------------------------------------------------
    def open(self, opened: DossierGeopend, report_days: int) -> None:
        if self.exists:
            return  # one dossier per grant; the same grant seen again changes nothing
        self._record(opened)
        schedule = derive_schedule(opened.periode_start, opened.periode_eind, report_days)
        self._record(VerantwoordingsschemaVastgesteld(**self._ids(), aanleiding="beschikking", termijnen=schedule))

    def amend(self, amount_per_year: int, period_end: date, reason: str, advances: list[Voorschot], report_days: int) -> None:
        self.require_open()
        start, _, _ = self.segments[-1]
        segments = [*self.segments[:-1], (start, period_end, amount_per_year)]
        earlier = [v for v in self.voorschotten if v.datum < start]
        self._record(
            DossierGewijzigd(
                **self._ids(), bedrag_per_jaar_centen=amount_per_year, toegekend_totaal_centen=granted_total(segments),
                periode_eind=period_end, reden=reason, voorschotten=[*earlier, *advances],
            )
        )
        self._reschedule("wijziging", report_days)

    def extend(self, number: str, start: date, end: date, amount_per_year: int, advances: list[Voorschot], report_days: int) -> None:
        self.require_open()
        if end <= (self.periode_eind or end):
            return  # this extension is already in the dossier
        self._record(
            DossierVerlengd(
                **self._ids(), beschikking_nummer=number, periode_start=start, periode_eind=end,
                bedrag_per_jaar_centen=amount_per_year,
                toegekend_totaal_centen=granted_total([*self.segments, (start, end, amount_per_year)]),
                voorschotten=[*self.voorschotten, *advances],
            )
        )
        self._reschedule("verlenging", report_days)

    def _reschedule(self, cause: str, report_days: int) -> None:
        schedule = derive_schedule(self.periode_start, self.periode_eind, report_days)  # type: ignore[arg-type]
        self._record(VerantwoordingsschemaVastgesteld(**self._ids(), aanleiding=cause, termijnen=schedule))

    # --- time -------------------------------------------------------------------------------------
    def flag_overdue(self, now: datetime) -> None:
        """Flag, once each, every item whose due day has passed undone."""
        if self.status != "open":
            return
        for term in list(self.terms.values()):
            if not term.done and not term.te_laat and now > end_of_day(term.uiterlijk):
                self._record(TermijnOverschreden(**self._ids(), termijn_id=term.termijn_id, soort=term.soort, uiterlijk=term.uiterlijk))

    # --- the end ----------------------------------------------------------------------------------
    def settle(self) -> None:
        self.require_open()
        unaccepted = [t.termijn_id for t in self.terms.values() if t.is_report and t.status != "geaccepteerd"]
        if unaccepted:
            raise refuse(
                "reports-accepted",
                f"Vaststellen kan pas als alle rapportages zijn geaccepteerd; nog niet: {', '.join(unaccepted)}.",
                f"Settlement needs every report accepted; not yet: {', '.join(unaccepted)}.",
                field="termijnen",
            )
        spent = sum(line.besteed_centen for line in self.accepted_spending())
        final, advances, difference, outcome = settle(spent, self.toegekend_totaal_centen, self.voorschotten)
        self._record(
            SubsidieVastgesteld(
                **self._ids(), vastgesteld_bedrag_centen=final, toegekend_totaal_centen=self.toegekend_totaal_centen,
                voorschotten_centen=advances, verschil_centen=difference, uitkomst=outcome,
            )
        )
        self._record(DossierGesloten(**self._ids()))

    # --- the single apply path --------------------------------------------------------------------
    def apply(self, event: DomainEvent) -> None:
        getattr(self, f"_on_{type(event).__name__}")(event)

    def _on_DossierGeopend(self, event: DossierGeopend) -> None:
        self.dossier_id, self.alliance_id, self.status = event.dossier_id, event.alliantie_id, "open"
        self.beschikking_nummer = event.beschikking_nummer
        self.periode_start, self.periode_eind = event.periode_start, event.periode_eind
        self.segments = [(event.periode_start, event.periode_eind, event.bedrag_per_jaar_centen)]
        self.toegekend_totaal_centen = event.toegekend_totaal_centen
        self.max_coordinatie_procent = event.max_coordinatie_procent
        self.voorschotten = list(event.voorschotten)

    def _on_VerantwoordingsschemaVastgesteld(self, event: VerantwoordingsschemaVastgesteld) -> None:
        old, self.terms = self.terms, {}
        for termijn in event.termijnen:
            term = old.pop(termijn.termijn_id, None) or Term.of(termijn)
            term.van, term.tot, term.uiterlijk = termijn.van, termijn.tot, termijn.uiterlijk
            self.terms[term.termijn_id] = term
        self.terms.update({k: t for k, t in old.items() if t.done})  # what was done stays, even if the period shrank

    def _on_DossierGewijzigd(self, event: DossierGewijzigd) -> None:
        start, _, _ = self.segments[-1]
        self.segments[-1] = (start, event.periode_eind, event.bedrag_per_jaar_centen)
        self.periode_eind = event.periode_eind
        self.toegekend_totaal_centen = event.toegekend_totaal_centen
        self.voorschotten = list(event.voorschotten)

    def _on_DossierVerlengd(self, event: DossierVerlengd) -> None:
        self.segments.append((event.periode_start, event.periode_eind, event.bedrag_per_jaar_centen))
        self.periode_eind = event.periode_eind
        self.beschikking_nummer = event.beschikking_nummer
        self.toegekend_totaal_centen = event.toegekend_totaal_centen
        self.voorschotten = list(event.voorschotten)

    def _on_TermijnOverschreden(self, event: TermijnOverschreden) -> None:
        self.terms[event.termijn_id].te_laat = True

    def _on_SubsidieVastgesteld(self, event: SubsidieVastgesteld) -> None:
        self.status = "vastgesteld"
        self.settlement = Settlement(event.vastgesteld_bedrag_centen, event.voorschotten_centen, event.verschil_centen, event.uitkomst)

    def _on_DossierGesloten(self, event: DossierGesloten) -> None:
        self.status = "gesloten"
