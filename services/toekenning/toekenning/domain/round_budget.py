"""The budget of one round: every grant, amendment and unfunded priority goes through this one stream.

Its expected-version check serialises concurrent decisions, so two decision makers acting at the
same moment can neither overspend a priority's budget, exceed the number of grants, nor grant twice.
"""

from __future__ import annotations

from allianties_shared.contracts.toekenning import BudgetVastgelegd, PrioriteitOnvervuld
from allianties_shared.domain import Aggregate, DomainEvent, RuleViolation
from allianties_shared.regulation.model import Ronde


def budget_stream(round_id: str) -> str:
    return f"budget-{round_id}"


def available_cents(round: Ronde, priority: int) -> int:
    """What alliances can get on a priority per year: its budget minus the municipality's own share."""
    return round.budget_per_prioriteit_centen.get(priority, 0) - round.gemeentelijk_deel_centen.get(priority, 0)


class RoundBudget(Aggregate):
    stream_type = "budget"

    def __init__(self, id: str) -> None:
        super().__init__(id)
        self.committed: dict[str, tuple[int, int]] = {}  # assessment id -> (priority, cents per year)
        self.unfunded: set[int] = set()

    def grants_on(self, priority: int) -> int:
        return sum(1 for p, _ in self.committed.values() if p == priority)

    def remaining(self, round: Ronde, priority: int, leaving_out: str | None = None) -> int:
        used = sum(c for id, (p, c) in self.committed.items() if p == priority and id != leaving_out)
        return available_cents(round, priority) - used

    def commit_grant(self, round: Ronde, priority: int, assessment_id: str, alliance_id: str, cents: int) -> None:
        if assessment_id in self.committed:
            raise RuleViolation(
                "grant-once", f"Op beoordeling {assessment_id} is al verleend.", f"Assessment {assessment_id} was already granted."
            )
        self._require_fundable(round, priority)
        if self.grants_on(priority) >= round.max_toekenningen_per_prioriteit:
            raise RuleViolation(
                "grants-per-priority",
                f"Op prioriteit {priority} is al {round.max_toekenningen_per_prioriteit} keer verleend, het maximum.",
                f"Priority {priority} already has {round.max_toekenningen_per_prioriteit} grant(s), the maximum.",
            )
        if len(self.committed) >= round.max_toekenningen_totaal:
            raise RuleViolation(
                "grants-in-total",
                f"In ronde {round.id} is al {round.max_toekenningen_totaal} keer verleend, het maximum.",
                f"Round {round.id} already has {round.max_toekenningen_totaal} grants, the maximum.",
            )
        self._commit(round, priority, assessment_id, alliance_id, cents)

    def commit_amendment(self, round: Ronde, priority: int, assessment_id: str, alliance_id: str, cents: int) -> None:
        self._commit(round, priority, assessment_id, alliance_id, cents)

    def _require_fundable(self, round: Ronde, priority: int) -> None:
        if priority not in round.budget_per_prioriteit_centen:
            raise RuleViolation(
                "priority-budgeted",
                f"Prioriteit {priority} heeft geen budget in ronde {round.id}.",
                f"Priority {priority} has no budget in round {round.id}.",
                field="prioriteit",
            )
        if priority in self.unfunded:
            raise RuleViolation(
                "priority-unfunded",
                f"Prioriteit {priority} is onvervuld verklaard.",
                f"Priority {priority} was declared unfunded.",
                field="prioriteit",
            )

    def _commit(self, round: Ronde, priority: int, assessment_id: str, alliance_id: str, cents: int) -> None:
        remaining = self.remaining(round, priority, leaving_out=assessment_id)
        if cents > remaining:
            raise RuleViolation(
                "grant-within-budget",
                f"Het bedrag ({cents} cent) is meer dan er op prioriteit {priority} over is ({remaining} cent).",
                f"The amount ({cents} cents) exceeds what is left on priority {priority} ({remaining} cents).",
                field="bedrag_per_jaar_centen",
            )
        self._record(
            BudgetVastgelegd(
                ronde_id=round.id, prioriteit=priority, beoordeling_id=assessment_id, alliantie_id=alliance_id,
                bedrag_per_jaar_centen=cents,
            )
        )

    def declare_unfunded(self, round: Ronde, priority: int, motivation: str) -> None:
        self._require_fundable(round, priority)
        if self.grants_on(priority):
            raise RuleViolation(
                "unfunded-without-grant",
                f"Op prioriteit {priority} is al verleend.",
                f"Priority {priority} already has a grant.",
                field="prioriteit",
            )
        if not motivation.strip():
            raise RuleViolation("unfunded-motivated", "Motiveer waarom.", "Give the motivation.", field="motivering")
        self._record(PrioriteitOnvervuld(ronde_id=round.id, prioriteit=priority, motivering=motivation))

    def apply(self, event: DomainEvent) -> None:
        match event:
            case BudgetVastgelegd():
                self.committed[event.beoordeling_id] = (event.prioriteit, event.bedrag_per_jaar_centen)
            case PrioriteitOnvervuld():
                self.unfunded.add(event.prioriteit)
