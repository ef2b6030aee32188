"""An assessment (beoordeling) of one application on one priority, ending in a grant or a rejection.

The rules live in three mixins (scoring, deciding, after the decision); state changes only in ``apply``.
"""

from __future__ import annotations

from datetime import date, timedelta

from allianties_shared.contracts.toekenning import (
    BelangenverstrengelingGemeld,
    BeoordelingBeeindigd,
    BeoordelingGeopend,
    BeoordelingGepauzeerd,
    BeoordelingHervat,
    BesluittermijnDreigtTeVerlopen,
    BesluitVerzonden,
    BezwaarBeslist,
    BezwaarIngediend,
    ScoreGegeven,
    SubsidieAfgewezen,
    SubsidieGewijzigd,
    SubsidieVerleend,
    SubsidieVerlengd,
    VerleningVastgesteld,
)
from allianties_shared.domain import Aggregate, DomainEvent, NotFound
from toekenning.domain.after_decision import AfterDecisionRules
from toekenning.domain.deciding import DecidingRules
from toekenning.domain.scoring import ScoringRules


def assessment_id(application_id: str, priority: int) -> str:
    return f"{application_id}-p{priority}"


def stream_id(assessment_id: str) -> str:
    return f"beoordeling-{assessment_id}"


class Assessment(ScoringRules, DecidingRules, AfterDecisionRules, Aggregate):
    stream_type = "beoordeling"

    def __init__(self, id: str) -> None:
        super().__init__(id)
        self.assessment_id = ""
        self.application_id = ""
        self.alliance_id = ""
        self.round_id = ""
        self.priority = 0
        self.requested_cents = 0
        self.status = "nieuw"
        self.deadline: date | None = None
        self.paused_since: date | None = None
        self.flagged = False
        self.conflicts: set[str] = set()
        self.scores: dict[tuple[str, str], int] = {}
        self.granted_cents = 0
        self.period: tuple[date, date] | None = None
        self.intends_extension = False
        self.extended = False
        self.objection_until: date | None = None
        self.objection = ""  # "", "ingediend" or the outcome
        self.settled = False

    def open(self, event: BeoordelingGeopend) -> None:
        if self.exists:
            return  # the same submission seen again: the assessment is already open
        self._record(event)

    def pause(self, since: date, completion_term: date) -> None:
        if self.status != "open" or self.paused_since is not None:
            return  # nothing to pause: decided, ended or already paused
        self._record(
            BeoordelingGepauzeerd(beoordeling_id=self.assessment_id, alliantie_id=self.alliance_id, sinds=since, aanvultermijn=completion_term)
        )

    def resume(self, on: date) -> None:
        if self.paused_since is None or self.deadline is None:
            return
        moved = self.deadline + timedelta(days=max(0, (on - self.paused_since).days))
        self._record(BeoordelingHervat(beoordeling_id=self.assessment_id, alliantie_id=self.alliance_id, op=on, besluittermijn=moved))

    def end(self, cause: str, reason: str) -> None:
        if self.status != "open":
            return  # decided or ended already: a withdrawal afterwards changes no decision here
        self._record(BeoordelingBeeindigd(beoordeling_id=self.assessment_id, alliantie_id=self.alliance_id, oorzaak=cause, reden=reason))

    def flag_if_late(self, today: date, warning_days: int) -> None:
        """Flag, once, a decision that would be late: open, not paused, within ``warning_days`` before its deadline
        (a deadline already passed is late, no longer about to be)."""
        if self.status != "open" or self.paused_since is not None or self.flagged or self.deadline is None:
            return
        left = (self.deadline - today).days
        if 0 <= left <= warning_days:
            self._record(
                BesluittermijnDreigtTeVerlopen(
                    beoordeling_id=self.assessment_id, alliantie_id=self.alliance_id, besluittermijn=self.deadline, dagen_resterend=left
                )
            )

    def settle(self, settled_cents: int) -> None:
        """Verantwoording's final settlement arrived: record it once, so no amendment follows."""
        if self.status != "verleend" or self.settled:
            return
        self._record(VerleningVastgesteld(beoordeling_id=self.assessment_id, alliantie_id=self.alliance_id, vastgesteld_bedrag_centen=settled_cents))

    def require_exists(self) -> None:
        if not self.exists:
            raise _unknown(self.id.removeprefix("beoordeling-"))

    def apply(self, event: DomainEvent) -> None:  # noqa: C901 - one case per event
        match event:
            case BeoordelingGeopend():
                self.assessment_id, self.application_id = event.beoordeling_id, event.aanvraag_id
                self.alliance_id, self.round_id, self.priority = event.alliantie_id, event.ronde_id, event.prioriteit
                self.requested_cents, self.deadline, self.status = event.gevraagd_bedrag_per_jaar_centen, event.besluittermijn, "open"
            case BeoordelingGepauzeerd():
                self.paused_since = event.sinds
            case BeoordelingHervat():
                self.paused_since, self.deadline, self.flagged = None, event.besluittermijn, False
            case BesluittermijnDreigtTeVerlopen():
                self.flagged = True
            case BeoordelingBeeindigd():
                self.status = "beeindigd"
            case BelangenverstrengelingGemeld():
                self.conflicts.add(event.beoordelaar_id)
            case ScoreGegeven():
                self.scores[(event.beoordelaar_id, event.criterium)] = event.score
            case SubsidieVerleend():
                self.status, self.granted_cents = "verleend", event.bedrag_per_jaar_centen
                self.period, self.intends_extension = (event.periode_start, event.periode_eind), event.verlengingsintentie
            case SubsidieAfgewezen():
                self.status = "afgewezen"
            case BesluitVerzonden():
                self.objection_until, self.objection = event.bezwaar_mogelijk_tot, ""
            case BezwaarIngediend():
                self.objection = "ingediend"
            case BezwaarBeslist():
                self.objection = event.uitkomst
                if event.uitkomst == "gegrond" and self.status == "afgewezen":
                    self.status = "open"  # the decision maker decides anew
            case SubsidieGewijzigd():
                self.granted_cents = event.bedrag_per_jaar_centen
                if self.period:
                    self.period = (self.period[0], event.periode_eind)
            case VerleningVastgesteld():
                self.settled = True
            case SubsidieVerlengd():
                self.extended, self.granted_cents = True, event.bedrag_per_jaar_centen
                self.period = (event.periode_start, event.periode_eind)


def _unknown(id: str) -> NotFound:
    return NotFound("assessment-exists", f"Beoordeling {id} bestaat niet.", f"Assessment {id} does not exist.")
