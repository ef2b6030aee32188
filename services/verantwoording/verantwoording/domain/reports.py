"""The activity plan and budget, and the half-yearly and final reports: submitted, returned, resubmitted, accepted."""

from __future__ import annotations

from datetime import datetime

from allianties_shared.contracts.verantwoording import (
    Begrotingsregel,
    Besteding,
    PlanEnBegrotingVastgelegd,
    RapportageGeaccepteerd,
    RapportageIngediend,
    RapportageTeruggestuurd,
    Voortgang,
)
from verantwoording.domain.finance import coordination_maximum
from verantwoording.domain.rules import end_of_day, missing, refuse, today
from verantwoording.domain.state import Term


def _euro(cents: int) -> str:
    return f"€ {cents / 100:,.2f}"


class ReportsPart:
    """Mixed into ``Dossier``: the commands and state about the plan, the budget and the reports."""

    def record_plan(self, plan: list[str], budget: list[Begrotingsregel]) -> None:
        self.require_open()
        if len(set(plan)) != len(plan):
            raise refuse("plan-items-unique", "Elk onderdeel van het activiteitenplan komt één keer voor.",
                         "Each item of the activity plan appears once.", "activiteitenplan")
        if len({(line.partner, line.post) for line in budget}) != len(budget):
            raise refuse("budget-lines-unique", "Elke combinatie van partner en post komt één keer voor.",
                         "Each combination of partner and budget line appears once.", "begroting")
        total = sum(line.bedrag_centen for line in budget)
        if total > self.toegekend_totaal_centen:
            raise refuse("budget-within-grant", f"De begroting ({_euro(total)}) is hoger dan de subsidie ({_euro(self.toegekend_totaal_centen)}).",
                         f"The budget ({_euro(total)}) exceeds the grant ({_euro(self.toegekend_totaal_centen)}).", "begroting")
        self._check_coordination(sum(line.bedrag_centen for line in budget if line.coordinatie), "begroting")
        self._record(PlanEnBegrotingVastgelegd(**self._ids(), activiteitenplan=plan, begroting=budget))

    def _check_coordination(self, coordination_cents: int, field: str) -> None:
        maximum = coordination_maximum(self.toegekend_totaal_centen, self.max_coordinatie_procent)
        if coordination_cents > maximum:
            raise refuse(
                "coordination-share-maximum",
                f"Coördinatie ({_euro(coordination_cents)}) is meer dan {self.max_coordinatie_procent}% van de subsidie ({_euro(maximum)}).",
                f"Coordination ({_euro(coordination_cents)}) is more than {self.max_coordinatie_procent}% of the grant ({_euro(maximum)}).",
                field,
            )

    def _report_term(self, term_id: str) -> Term:
        term = self.terms.get(term_id)
        if term is None or not term.is_report:
            raise missing("report-term-exists", "Rapportagetermijn", "Report term", term_id, "termijn_id")
        return term

    def accepted_spending(self, but: str | None = None) -> list[Besteding]:
        return [
            Besteding.model_validate(line)
            for t in self.terms.values() if t.status == "geaccepteerd" and t.rapportage and t.termijn_id != but
            for line in t.rapportage["financien"]
        ]

    def submit_report(self, term_id: str, progress: list[Voortgang], stories: list[str], spending: list[Besteding], now: datetime) -> None:
        self.require_open()
        term = self._report_term(term_id)
        if term.status in ("ingediend", "geaccepteerd"):
            raise refuse("report-submitted-once", f"Rapportage {term_id} is al {term.status}.", f"Report {term_id} is already {term.status}.", "termijn_id")
        if today(now) <= term.tot:
            raise refuse("report-after-period", f"Rapportage {term_id} kan na {term.tot} worden ingediend.",
                         f"Report {term_id} can be submitted after {term.tot}.", "termijn_id")
        if not self.plan:
            raise refuse("plan-recorded", "Leg eerst het activiteitenplan en de begroting vast.",
                         "Record the activity plan and the budget first.", "voortgang")
        absent = [item for item in self.plan if item not in {p.onderdeel for p in progress}]
        if absent:
            raise refuse("progress-per-plan-item", f"Voortgang ontbreekt voor: {', '.join(absent)}.",
                         f"Progress is missing for: {', '.join(absent)}.", "voortgang")
        unknown = [s for s in stories if s not in self.stories]
        if unknown:
            raise refuse("msc-story-exists", f"Onbekende MSC-verhalen: {', '.join(unknown)}.", f"Unknown MSC stories: {', '.join(unknown)}.", "msc_verhalen")
        lines = {(line.partner, line.post) for line in self.budget}
        off_budget = [f"{s.partner}/{s.post}" for s in spending if (s.partner, s.post) not in lines]
        if off_budget:
            raise refuse("spending-on-budget-line", f"Niet begroot: {', '.join(off_budget)}.", f"Not in the budget: {', '.join(off_budget)}.", "financien")
        coordination = {(line.partner, line.post) for line in self.budget if line.coordinatie}
        spent = [*self.accepted_spending(but=term_id), *spending]
        self._check_coordination(sum(s.besteed_centen for s in spent if (s.partner, s.post) in coordination), "financien")
        self._record(RapportageIngediend(
            **self._ids(), termijn_id=term_id, soort=term.soort, voortgang=progress, msc_verhalen=stories, financien=spending,
            ingediend_op=now, te_laat=now > end_of_day(term.uiterlijk),
        ))

    def accept_report(self, term_id: str) -> None:
        self.require_open()
        self._require_submitted(self._report_term(term_id))
        self._record(RapportageGeaccepteerd(**self._ids(), termijn_id=term_id))

    def return_report(self, term_id: str, comments: str) -> None:
        self.require_open()
        self._require_submitted(self._report_term(term_id))
        self._record(RapportageTeruggestuurd(**self._ids(), termijn_id=term_id, opmerkingen=comments))

    @staticmethod
    def _require_submitted(term: Term) -> None:
        if term.status != "ingediend":
            raise refuse("report-awaiting-review", f"Rapportage {term.termijn_id} wacht niet op beoordeling (status {term.status}).",
                         f"Report {term.termijn_id} is not awaiting review (status {term.status}).", "termijn_id")

    def _on_PlanEnBegrotingVastgelegd(self, e: PlanEnBegrotingVastgelegd) -> None:
        self.plan, self.budget = list(e.activiteitenplan), list(e.begroting)

    def _on_RapportageIngediend(self, e: RapportageIngediend) -> None:
        term = self.terms[e.termijn_id]
        term.status, term.ingediend_op, term.ingediend_te_laat = "ingediend", e.ingediend_op, e.te_laat
        term.rapportage = e.model_dump(mode="json", include={"voortgang", "msc_verhalen", "financien"})

    def _on_RapportageGeaccepteerd(self, e: RapportageGeaccepteerd) -> None:
        self.terms[e.termijn_id].status = "geaccepteerd"

    def _on_RapportageTeruggestuurd(self, e: RapportageTeruggestuurd) -> None:
        term = self.terms[e.termijn_id]
        term.status = "teruggestuurd"
        term.opmerkingen.append(e.opmerkingen)
