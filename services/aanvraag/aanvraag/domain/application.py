"""An application (aanvraag) of one alliance: drafted, then submitted with a receipt reference."""

from __future__ import annotations

from datetime import datetime

from allianties_shared.contracts.aanvraag import AanvraagIngediend, AanvraagOpgesteld
from allianties_shared.domain import Aggregate, DomainEvent, RuleViolation

PRIORITIES = range(1, 8)


def stream_id(application_id: str) -> str:
    return f"aanvraag-{application_id}"


class Application(Aggregate):
    stream_type = "aanvraag"

    def __init__(self, id: str) -> None:
        super().__init__(id)
        self.application_id: str | None = None
        self.alliance_id: str | None = None
        self.round_id = ""
        self.priorities: list[int] = []
        self.amount_per_year_cents = 0
        self.status = "nieuw"
        self.reference: str | None = None

    def draft(self, application_id: str, alliance_id: str, round_id: str, priorities: list[int], amount_cents: int) -> None:
        if self.exists:
            raise RuleViolation(
                "application-unique",
                f"Aanvraag {application_id} bestaat al.",
                f"Application {application_id} already exists.",
                field="aanvraag_id",
            )
        unknown = sorted(set(priorities) - set(PRIORITIES))
        if unknown or not priorities:
            raise RuleViolation(
                "application-priorities",
                f"Kies een of meer prioriteiten uit 1 tot en met 7 (onbekend: {unknown}).",
                f"Choose one or more priorities from 1 to 7 (unknown: {unknown}).",
                field="prioriteiten",
            )
        self._record(
            AanvraagOpgesteld(
                aanvraag_id=application_id,
                alliantie_id=alliance_id,
                ronde_id=round_id,
                prioriteiten=sorted(set(priorities)),
                bedrag_per_jaar_centen=amount_cents,
            )
        )

    def submit(self, reference: str, now: datetime) -> None:
        if self.status == "ingediend":
            raise RuleViolation(
                "application-submitted-once",
                f"Aanvraag is al ingediend met referentie {self.reference}.",
                f"Application was already submitted with reference {self.reference}.",
            )
        self._record(
            AanvraagIngediend(
                aanvraag_id=self.application_id or "",
                alliantie_id=self.alliance_id or "",
                ronde_id=self.round_id,
                referentie=reference,
                prioriteiten=self.priorities,
                bedrag_per_jaar_centen=self.amount_per_year_cents,
                ingediend_op=now,
            )
        )

    def apply(self, event: DomainEvent) -> None:
        match event:
            case AanvraagOpgesteld():
                self.application_id = event.aanvraag_id
                self.alliance_id = event.alliantie_id
                self.round_id = event.ronde_id
                self.priorities = list(event.prioriteiten)
                self.amount_per_year_cents = event.bedrag_per_jaar_centen
                self.status = "concept"
            case AanvraagIngediend():
                self.status = "ingediend"
                self.reference = event.referentie
