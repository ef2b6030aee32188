"""An application (aanvraag) of one alliance in one round.

concept → ingediend (inside the window, only when complete; a receipt reference)
→ aanvulling-gevraagd (with a term; the decision clock pauses) → aangevuld;
and from any open state → ingetrokken or niet-ontvankelijk (with a reason).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from aanvraag.domain import rules
from aanvraag.domain.windows import require_inside
from allianties_shared.contracts.aanvraag import (
    AanvraagAangevuld,
    AanvraagIngediend,
    AanvraagIngetrokken,
    AanvraagNietOntvankelijk,
    AanvraagOpgesteld,
    AanvullingGevraagd,
    BegrotingsJaar,
    BegrotingVastgelegd,
    DocumentMetadata,
    DocumentToegevoegd,
)
from allianties_shared.domain import Aggregate, DomainEvent
from allianties_shared.regulation.model import AMSTERDAM, Regeling, Ronde

CONCEPT, SUBMITTED, COMPLETION_REQUESTED, COMPLETED = "concept", "ingediend", "aanvulling-gevraagd", "aangevuld"
WITHDRAWN, INADMISSIBLE = "ingetrokken", "niet-ontvankelijk"
EDITABLE = (CONCEPT, COMPLETION_REQUESTED)
CLOSED = (WITHDRAWN, INADMISSIBLE)


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
        self.documents: dict[str, DocumentMetadata] = {}
        self.budget: list[BegrotingsJaar] = []
        self.term: date | None = None

    def draft(self, application_id: str, alliance_id: str, ronde: Ronde, regulation: Regeling, priorities: list[int], amount_cents: int) -> None:
        rules.unique(self.exists, application_id)
        rules.known_priorities(regulation, ronde, priorities)
        rules.within_priority_budget(ronde, priorities, amount_cents, "bedrag_per_jaar_centen")
        self._record(
            AanvraagOpgesteld(
                aanvraag_id=application_id,
                alliantie_id=alliance_id,
                ronde_id=ronde.id,
                prioriteiten=sorted(set(priorities)),
                bedrag_per_jaar_centen=amount_cents,
            )
        )

    def add_document(self, document: DocumentMetadata) -> None:
        rules.editable(self.status, EDITABLE)
        self._record(DocumentToegevoegd(aanvraag_id=self.application_id or "", alliantie_id=self.alliance_id or "", document=document))

    def record_budget(self, ronde: Ronde, regulation: Regeling, years: list[BegrotingsJaar]) -> None:
        rules.editable(self.status, EDITABLE)
        rules.budget_years(years, regulation.max_coordinatie_procent)
        highest = max(y.totaal_centen for y in years)
        rules.within_priority_budget(ronde, self.priorities, highest, "jaren")
        self._record(
            BegrotingVastgelegd(
                aanvraag_id=self.application_id or "", alliantie_id=self.alliance_id or "", jaren=years, bedrag_per_jaar_centen=highest
            )
        )

    def submit(self, ronde: Ronde, regulation: Regeling, reference: str, now: datetime) -> None:
        rules.submitted_once(self.status, self.reference, CONCEPT)
        require_inside(ronde.aanvragen, now, "application-window", "aanvragen", "applications")
        rules.complete(regulation, set(self.documents), bool(self.budget))
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

    def request_completion(self, ronde: Ronde, reason: str, now: datetime, term: date | None = None) -> None:
        rules.in_status(self.status, (SUBMITTED, COMPLETED), "completion-request-status")
        today = now.astimezone(AMSTERDAM).date()
        term = term or today + timedelta(days=ronde.aanvullingstermijn_dagen)
        rules.term_ahead(term, today)
        self._record(AanvullingGevraagd(aanvraag_id=self.application_id or "", alliantie_id=self.alliance_id or "", reden=reason, termijn=term))

    def complete(self, regulation: Regeling, now: datetime) -> None:
        rules.in_status(self.status, (COMPLETION_REQUESTED,), "completion-status")
        assert self.term is not None
        rules.within_term(self.term, now > datetime.combine(self.term, time.max, AMSTERDAM))
        rules.complete(regulation, set(self.documents), bool(self.budget))
        self._record(AanvraagAangevuld(aanvraag_id=self.application_id or "", alliantie_id=self.alliance_id or ""))

    def withdraw(self, reason: str) -> None:
        rules.open_(self.status, CLOSED)
        self._record(AanvraagIngetrokken(aanvraag_id=self.application_id or "", alliantie_id=self.alliance_id or "", reden=reason))

    def declare_inadmissible(self, reason: str) -> None:
        rules.in_status(self.status, (SUBMITTED, COMPLETION_REQUESTED, COMPLETED), "inadmissible-status")
        self._record(AanvraagNietOntvankelijk(aanvraag_id=self.application_id or "", alliantie_id=self.alliance_id or "", reden=reason))

    def apply(self, event: DomainEvent) -> None:
        match event:
            case AanvraagOpgesteld():
                self.application_id, self.alliance_id, self.round_id = event.aanvraag_id, event.alliantie_id, event.ronde_id
                self.priorities = list(event.prioriteiten)
                self.amount_per_year_cents = event.bedrag_per_jaar_centen
                self.status = CONCEPT
            case DocumentToegevoegd():
                self.documents[event.document.soort.value] = event.document
            case BegrotingVastgelegd():
                self.budget = list(event.jaren)
                self.amount_per_year_cents = event.bedrag_per_jaar_centen
            case AanvraagIngediend():
                self.status, self.reference = SUBMITTED, event.referentie
            case AanvullingGevraagd():
                self.status, self.term = COMPLETION_REQUESTED, event.termijn
            case AanvraagAangevuld():
                self.status = COMPLETED
            case AanvraagIngetrokken():
                self.status = WITHDRAWN
            case AanvraagNietOntvankelijk():
                self.status = INADMISSIBLE
