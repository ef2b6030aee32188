"""Deciding: a grant (the beschikking) or a motivated rejection, each sent with its objection term."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from allianties_shared.contracts.toekenning import (
    BesluitVerzonden,
    SubsidieAfgewezen,
    SubsidieVerleend,
    Verplichting,
    Voorschot,
)
from allianties_shared.domain import RuleViolation

OBLIGATIONS = [Verplichting.KWARTAALGESPREKKEN, Verplichting.HALFJAARLIJKSE_VERANTWOORDING]


@dataclass(frozen=True)
class Beschikking:
    amount_cents: int
    start: date
    end: date
    intends_extension: bool
    max_coordination_percent: int
    advances: list[Voorschot]


class DecidingRules:
    def _require_decidable(self) -> None:
        if self.status != "open":
            raise RuleViolation(
                "assessment-decided-once",
                f"Over beoordeling {self.assessment_id} is al besloten ({self.status}).",
                f"Assessment {self.assessment_id} was already decided ({self.status}).",
            )
        if self.paused_since is not None:
            raise RuleViolation(
                "decide-after-completion",
                "Er loopt een aanvraag om aanvulling; besluit nadat de aanvraag is aangevuld.",
                "A completion request runs; decide once the application is completed.",
            )

    def grant(self, beschikking: Beschikking, criteria: set[str], today: date, objection_days: int) -> None:
        self._require_decidable()
        if not self.complete_assessors(criteria):
            raise RuleViolation(
                "grant-after-scoring",
                "Verleen pas als ten minste één beoordelaar alle criteria heeft gescoord.",
                "Grant only once at least one assessor has scored every criterion.",
            )
        if beschikking.amount_cents <= 0:
            raise RuleViolation(
                "grant-amount-positive", "Het verleende bedrag is groter dan nul.", "The granted amount is above zero.",
                field="bedrag_per_jaar_centen",
            )
        if beschikking.end <= beschikking.start:
            raise RuleViolation("grant-period-order", "De periode eindigt na haar begin.", "The period ends after it starts.", field="periode_eind")
        self._record(
            SubsidieVerleend(
                beoordeling_id=self.assessment_id,
                aanvraag_id=self.application_id,
                alliantie_id=self.alliance_id,
                prioriteit=self.priority,
                beschikking_nummer=f"BS-{self.assessment_id}",
                bedrag_per_jaar_centen=beschikking.amount_cents,
                periode_start=beschikking.start,
                periode_eind=beschikking.end,
                verlengingsintentie=beschikking.intends_extension,
                max_coordinatie_procent=beschikking.max_coordination_percent,
                verplichtingen=OBLIGATIONS,
                voorschotten=beschikking.advances,
            )
        )
        self._send(today, objection_days)

    def reject(self, motivation: str, referral: str | None, today: date, objection_days: int) -> None:
        self._require_decidable()
        if not motivation.strip():
            raise RuleViolation("rejection-motivated", "Een afwijzing is gemotiveerd.", "A rejection carries a motivation.", field="motivering")
        self._record(
            SubsidieAfgewezen(
                beoordeling_id=self.assessment_id,
                aanvraag_id=self.application_id,
                alliantie_id=self.alliance_id,
                prioriteit=self.priority,
                motivering=motivation,
                verwijzing=referral,
            )
        )
        self._send(today, objection_days)

    def _send(self, today: date, objection_days: int) -> None:
        self._record(
            BesluitVerzonden(
                beoordeling_id=self.assessment_id,
                alliantie_id=self.alliance_id,
                verzonden_op=today,
                bezwaar_mogelijk_tot=today + timedelta(days=objection_days),
            )
        )
