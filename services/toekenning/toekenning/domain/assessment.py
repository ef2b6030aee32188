"""An assessment (beoordeling) of one application on one priority, ending in a grant or a rejection."""

from __future__ import annotations

from datetime import date

from allianties_shared.contracts.toekenning import (
    BeoordelingGeopend,
    SubsidieAfgewezen,
    SubsidieVerleend,
    Verplichting,
    Voorschot,
)
from allianties_shared.domain import Aggregate, DomainEvent, RuleViolation


def assessment_id(application_id: str, priority: int) -> str:
    return f"{application_id}-p{priority}"


def stream_id(assessment_id: str) -> str:
    return f"beoordeling-{assessment_id}"


class Assessment(Aggregate):
    stream_type = "beoordeling"

    def __init__(self, id: str) -> None:
        super().__init__(id)
        self.assessment_id = ""
        self.application_id = ""
        self.alliance_id = ""
        self.priority = 0
        self.requested_cents = 0
        self.status = "nieuw"

    def open(self, assessment_id: str, application_id: str, alliance_id: str, priority: int, requested_cents: int) -> None:
        if self.exists:
            return  # the same submission seen again: the assessment is already open
        self._record(
            BeoordelingGeopend(
                beoordeling_id=assessment_id,
                aanvraag_id=application_id,
                alliantie_id=alliance_id,
                prioriteit=priority,
                gevraagd_bedrag_per_jaar_centen=requested_cents,
            )
        )

    def _require_open(self) -> None:
        if self.status != "open":
            raise RuleViolation(
                "assessment-decided-once",
                f"Over beoordeling {self.assessment_id} is al besloten ({self.status}).",
                f"Assessment {self.assessment_id} was already decided ({self.status}).",
            )

    def grant(self, amount_cents: int, period_start: date, period_end: date) -> None:
        self._require_open()
        if amount_cents <= 0:
            raise RuleViolation(
                "grant-amount-positive", "Het verleende bedrag is groter dan nul.", "The granted amount is above zero.",
                field="bedrag_per_jaar_centen",
            )
        if period_end <= period_start:
            raise RuleViolation(
                "grant-period-order", "De periode eindigt na haar begin.", "The period ends after it starts.",
                field="periode_eind",
            )
        self._record(
            SubsidieVerleend(
                beoordeling_id=self.assessment_id,
                aanvraag_id=self.application_id,
                alliantie_id=self.alliance_id,
                prioriteit=self.priority,
                beschikking_nummer=f"BS-{self.assessment_id}",
                bedrag_per_jaar_centen=amount_cents,
                periode_start=period_start,
                periode_eind=period_end,
                verplichtingen=[Verplichting.KWARTAALGESPREKKEN, Verplichting.HALFJAARLIJKSE_VERANTWOORDING],
                voorschotten=[Voorschot(datum=period_start, bedrag_centen=amount_cents)],
            )
        )

    def reject(self, motivation: str, referral: str | None) -> None:
        self._require_open()
        if not motivation.strip():
            raise RuleViolation(
                "rejection-motivated", "Een afwijzing is gemotiveerd.", "A rejection carries a motivation.", field="motivering"
            )
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

    def apply(self, event: DomainEvent) -> None:
        match event:
            case BeoordelingGeopend():
                self.assessment_id = event.beoordeling_id
                self.application_id = event.aanvraag_id
                self.alliance_id = event.alliantie_id
                self.priority = event.prioriteit
                self.requested_cents = event.gevraagd_bedrag_per_jaar_centen
                self.status = "open"
            case SubsidieVerleend():
                self.status = "verleend"
            case SubsidieAfgewezen():
                self.status = "afgewezen"
