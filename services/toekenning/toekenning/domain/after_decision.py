"""After the decision: an objection within its term and its outcome, an amendment, the extension."""

from __future__ import annotations

from datetime import date

from allianties_shared.contracts.toekenning import (
    BezwaarBeslist,
    BezwaarIngediend,
    SubsidieGewijzigd,
    SubsidieVerlengd,
    Voorschot,
)
from allianties_shared.domain import RuleViolation


class AfterDecisionRules:
    def lodge_objection(self, grounds: str, today: date) -> None:
        if self.objection_until is None:
            raise RuleViolation("objection-after-decision", "Bezwaar kan pas na een besluit.", "An objection needs a decision first.")
        if today > self.objection_until:
            raise RuleViolation(
                "objection-within-term",
                f"De bezwaartermijn liep tot en met {self.objection_until}.",
                f"The objection term ran until {self.objection_until}.",
            )
        if self.objection == "ingediend":
            raise RuleViolation("objection-once", "Er loopt al een bezwaar.", "An objection is already pending.")
        if not grounds.strip():
            raise RuleViolation("objection-grounded", "Geef de gronden van het bezwaar.", "Give the grounds of the objection.", field="gronden")
        self._record(BezwaarIngediend(beoordeling_id=self.assessment_id, alliantie_id=self.alliance_id, gronden=grounds, ingediend_op=today))

    def decide_objection(self, outcome: str, motivation: str) -> None:
        if self.objection != "ingediend":
            raise RuleViolation("objection-pending", "Er loopt geen bezwaar.", "No objection is pending.")
        if not motivation.strip():
            raise RuleViolation("objection-decision-motivated", "Motiveer de beslissing op bezwaar.", "Motivate the decision on the objection.", field="motivering")
        self._record(BezwaarBeslist(beoordeling_id=self.assessment_id, alliantie_id=self.alliance_id, uitkomst=outcome, motivering=motivation))

    def granted_period(self) -> tuple[date, date]:
        if self.status != "verleend" or self.period is None:
            raise RuleViolation("grant-exists", f"Op beoordeling {self.assessment_id} is niet verleend.", f"Assessment {self.assessment_id} was not granted.")
        return self.period

    def amend(self, amount_cents: int, period_end: date, reason: str, advances: list[Voorschot]) -> None:
        start, _ = self.granted_period()
        if self.settled:
            raise RuleViolation(
                "amend-before-settlement",
                "De subsidie is al vastgesteld; wijzigen kan alleen daarvoor.",
                "The grant was finally settled; it can only be amended before that.",
            )
        if not reason.strip():
            raise RuleViolation("amendment-reasoned", "Een wijziging heeft een reden.", "An amendment has a reason.", field="reden")
        if period_end <= start:
            raise RuleViolation("grant-period-order", "De periode eindigt na haar begin.", "The period ends after it starts.", field="periode_eind")
        self._record(
            SubsidieGewijzigd(
                beoordeling_id=self.assessment_id, alliantie_id=self.alliance_id, bedrag_per_jaar_centen=amount_cents,
                periode_eind=period_end, reden=reason, voorschotten=advances,
            )
        )

    def extend(self, amount_cents: int, start: date, end: date, advances: list[Voorschot]) -> None:
        self.granted_period()
        if not self.intends_extension:
            raise RuleViolation(
                "extension-intended", "De beschikking kent geen intentie tot verlenging.", "The beschikking has no intention to extend."
            )
        if self.extended:
            raise RuleViolation("extension-once", "De subsidie is al verlengd.", "The grant was already extended.")
        self._record(
            SubsidieVerlengd(
                beoordeling_id=self.assessment_id, alliantie_id=self.alliance_id, beschikking_nummer=f"BS-{self.assessment_id}-2",
                periode_start=start, periode_eind=end, bedrag_per_jaar_centen=amount_cents, voorschotten=advances,
            )
        )
