"""Scoring rules: only assigned assessors without a conflict of interest score, each criterion with a motivation."""

from __future__ import annotations

from allianties_shared.contracts.toekenning import BelangenverstrengelingGemeld, ScoreGegeven
from allianties_shared.domain import AccessDenied, RuleViolation


class ScoringRules:
    def declare_conflict(self, assessor_id: str, explanation: str) -> None:
        if assessor_id in self.conflicts:
            raise RuleViolation(
                "conflict-declared-once", "U heeft uw belangenverstrengeling al gemeld.", "You already declared your conflict of interest."
            )
        if not explanation.strip():
            raise RuleViolation(
                "conflict-explained", "Licht de belangenverstrengeling toe.", "Explain the conflict of interest.", field="toelichting"
            )
        self._record(BelangenverstrengelingGemeld(beoordeling_id=self.assessment_id, beoordelaar_id=assessor_id, toelichting=explanation))

    def score(self, assessor_id: str, assigned: bool, criteria: set[str], scores: list[tuple[str, int, str]]) -> None:
        """``scores``: (criterion, 0-10, motivation). Checks all of them before recording any."""
        if not assigned:
            raise AccessDenied(
                "assessor-assigned",
                f"U bent niet toegewezen aan prioriteit {self.priority}.",
                f"You are not assigned to priority {self.priority}.",
            )
        if assessor_id in self.conflicts:
            raise AccessDenied(
                "assessor-without-conflict",
                "U heeft belangenverstrengeling gemeld en bent uitgesloten van deze aanvraag.",
                "You declared a conflict of interest and are excluded from this application.",
            )
        if self.status != "open":
            raise RuleViolation(
                "score-before-decision", f"Beoordeling {self.assessment_id} is {self.status}.", f"Assessment {self.assessment_id} is {self.status}."
            )
        for index, (criterion, value, motivation) in enumerate(scores):
            if criterion not in criteria:
                raise RuleViolation(
                    "criterion-known", f"Criterium {criterion} bestaat niet.", f"Criterion {criterion} does not exist.",
                    field=f"scores.{index}.criterium",
                )
            if not 0 <= value <= 10:
                raise RuleViolation("score-range", "Een score ligt tussen 0 en 10.", "A score lies between 0 and 10.", field=f"scores.{index}.score")
            if not motivation.strip():
                raise RuleViolation(
                    "score-motivated", "Elke score heeft een schriftelijke motivering.", "Every score has a written motivation.",
                    field=f"scores.{index}.motivering",
                )
        for criterion, value, motivation in scores:
            self._record(
                ScoreGegeven(beoordeling_id=self.assessment_id, beoordelaar_id=assessor_id, criterium=criterion, score=value, motivering=motivation)
            )

    def complete_assessors(self, criteria: set[str]) -> set[str]:
        """Assessors without a conflict who scored every criterion."""
        by_assessor: dict[str, set[str]] = {}
        for assessor, criterion in self.scores:
            by_assessor.setdefault(assessor, set()).add(criterion)
        return {a for a, scored in by_assessor.items() if a not in self.conflicts and criteria <= scored}
