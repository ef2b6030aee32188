"""The assessors of one priority in one round: only they score its applications."""

from __future__ import annotations

from allianties_shared.contracts.toekenning import BeoordelaarToegewezen
from allianties_shared.domain import Aggregate, DomainEvent, RuleViolation


def panel_stream(round_id: str, priority: int) -> str:
    return f"beoordelaars-{round_id}-p{priority}"


class Panel(Aggregate):
    stream_type = "beoordelaars"

    def __init__(self, id: str) -> None:
        super().__init__(id)
        self.assessors: set[str] = set()

    def assign(self, round_id: str, priority: int, assessor_id: str) -> None:
        if assessor_id in self.assessors:
            raise RuleViolation(
                "assessor-assigned-once",
                f"Beoordelaar {assessor_id} is al toegewezen aan prioriteit {priority}.",
                f"Assessor {assessor_id} is already assigned to priority {priority}.",
                field="beoordelaar_id",
            )
        self._record(BeoordelaarToegewezen(ronde_id=round_id, prioriteit=priority, beoordelaar_id=assessor_id))

    def apply(self, event: DomainEvent) -> None:
        match event:
            case BeoordelaarToegewezen():
                self.assessors.add(event.beoordelaar_id)
