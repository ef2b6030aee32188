"""The optional concept round: one concept Theory of Change per alliance and round, and feedback on it."""

from __future__ import annotations

from datetime import datetime

from aanvraag.domain.windows import require_inside
from allianties_shared.contracts.aanvraag import ConceptTocIngediend, DocumentMetadata, FeedbackGegeven
from allianties_shared.domain import Aggregate, DomainEvent, NotFound, RuleViolation
from allianties_shared.regulation.model import DocumentSoort, Ronde


def stream_id(alliance_id: str, round_id: str) -> str:
    return f"concept-{round_id}-{alliance_id}"


class Concept(Aggregate):
    stream_type = "concept"

    def __init__(self, id: str) -> None:
        super().__init__(id)
        self.alliance_id: str | None = None
        self.document: DocumentMetadata | None = None
        self.feedback: str | None = None

    def hand_in(self, alliance_id: str, ronde: Ronde, document: DocumentMetadata, now: datetime) -> None:
        require_inside(ronde.concept, now, "concept-window", "concepten", "concepts")
        if document.soort is not DocumentSoort.THEORY_OF_CHANGE:
            raise RuleViolation(
                "concept-theory-of-change",
                "In de conceptronde wordt alleen een Theory of Change ingediend.",
                "The concept round takes a Theory of Change only.",
                field="soort",
            )
        self._record(ConceptTocIngediend(alliantie_id=alliance_id, ronde_id=ronde.id, document=document))

    def give_feedback(self, ronde: Ronde, feedback: str, now: datetime) -> None:
        if not self.exists:
            raise NotFound(
                "concept-exists",
                "Deze alliantie diende in deze ronde geen concept in.",
                "This alliance handed in no concept in this round.",
            )
        require_inside(ronde.feedback, now, "feedback-window", "feedback", "feedback")
        self._record(FeedbackGegeven(alliantie_id=self.alliance_id or "", ronde_id=ronde.id, feedback=feedback))

    def apply(self, event: DomainEvent) -> None:
        match event:
            case ConceptTocIngediend():
                self.alliance_id = event.alliantie_id
                self.document = event.document
            case FeedbackGegeven():
                self.feedback = event.feedback
