from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from allianties_shared.application import CommandContext
from allianties_shared.domain import NotFound, Role
from toekenning.application.ports import Dependencies
from toekenning.domain.assessment import Assessment, stream_id


class Decide(BaseModel):
    """The decision maker's decision on one assessment: a grant (amount, period) or a motivated rejection."""

    model_config = ConfigDict(extra="forbid")

    besluit: Literal["verleend", "afgewezen"]
    bedrag_per_jaar_centen: int | None = Field(default=None, gt=0)
    periode_start: date | None = None
    periode_eind: date | None = None
    motivering: str = ""
    verwijzing: str | None = None

    @model_validator(mode="after")
    def _grant_has_amount_and_period(self) -> Decide:
        if self.besluit == "verleend" and (
            self.bedrag_per_jaar_centen is None or self.periode_start is None or self.periode_eind is None
        ):
            raise ValueError("a grant needs bedrag_per_jaar_centen, periode_start and periode_eind")
        return self


async def decide(assessment_id: str, command: Decide, context: CommandContext, deps: Dependencies) -> Assessment:
    context.actor.require_role(Role.BESLUITVORMER)

    def apply_decision(assessment: Assessment) -> None:
        if not assessment.exists:
            raise NotFound(
                "assessment-exists", f"Beoordeling {assessment_id} bestaat niet.", f"Assessment {assessment_id} does not exist."
            )
        if command.besluit == "verleend":
            assessment.grant(command.bedrag_per_jaar_centen, command.periode_start, command.periode_eind)  # type: ignore[arg-type]
        else:
            assessment.reject(command.motivering, command.verwijzing)

    assessment, _ = await deps.repository.execute(deps.store, Assessment, stream_id(assessment_id), context, apply_decision)
    return assessment
