from __future__ import annotations

from uuid import UUID

from aanvraag.application.ports import Dependencies
from allianties_shared.application import CommandContext
from allianties_shared.contracts.aanvraag import PersoonsgegevensGewist
from allianties_shared.domain import Aggregate, DomainEvent, Role, RuleViolation


class PersonalDataErasure(Aggregate):
    """One per person: erasure is recorded as a fact, the data itself becomes unreadable."""

    stream_type = "persoon"

    def __init__(self, id: str) -> None:
        super().__init__(id)
        self.erased = False

    def erase(self, person_id: str) -> None:
        if self.erased:
            raise RuleViolation(
                "person-erased-once",
                f"De gegevens van persoon {person_id} zijn al gewist.",
                f"The data of person {person_id} were already erased.",
            )
        self._record(PersoonsgegevensGewist(persoon_id=person_id))

    def apply(self, event: DomainEvent) -> None:
        if isinstance(event, PersoonsgegevensGewist):
            self.erased = True


async def erase_personal_data(person_id: UUID, context: CommandContext, deps: Dependencies) -> None:
    """On a data subject's request (AVG art. 17): record the erasure, then destroy the key."""
    context.actor.require_role(Role.OPERATOR)
    await deps.repository.execute(
        deps.store, PersonalDataErasure, f"persoon-{person_id}", context, lambda p: p.erase(str(person_id))
    )
    await deps.personal_data.erase(person_id)
