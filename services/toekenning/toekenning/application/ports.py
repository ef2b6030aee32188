"""What the use cases need from the outside world, wired in ``bootstrap.py`` (tests pass their own)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from allianties_shared.application import Repository
from allianties_shared.contracts.toekenning import registry
from allianties_shared.domain import NotFound
from allianties_shared.domain.clock import Clock
from allianties_shared.eventstore.ports import EventStore
from allianties_shared.regulation.model import AMSTERDAM, Regeling, Ronde


@dataclass
class Dependencies:
    store: EventStore
    regulation: Regeling
    clock: Clock
    deadline_warning_days: int = 14
    """Flag a decision as about to be late this many days before its deadline."""
    decision_term_days: int = 56
    """The decision deadline after submission for an application whose round the regulation does not know."""
    repository: Repository = field(default_factory=lambda: Repository(registry))

    def today(self) -> date:
        return self.clock.now().astimezone(AMSTERDAM).date()

    def round(self, round_id: str) -> Ronde:
        found = self.regulation.ronde(round_id)
        if found is None:
            raise NotFound("round-exists", f"Ronde {round_id} bestaat niet.", f"Round {round_id} does not exist.", field="ronde_id")
        return found

    def criteria(self) -> set[str]:
        return {c.code for c in self.regulation.criteria}
