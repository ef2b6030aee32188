"""The commands of the assessment service, as they arrive over HTTP."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Command(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AssignAssessor(_Command):
    """Assign an assessor to every application on one priority of a round."""

    beoordelaar_id: str = Field(min_length=1, max_length=100)


class DeclareConflict(_Command):
    """The calling assessor declares a conflict of interest (for example membership of an applying organisation)."""

    toelichting: str


class Score(_Command):
    criterium: str
    score: int = Field(description="0 (poor) to 10 (excellent)")
    motivering: str


class GiveScores(_Command):
    """The calling assessor's scores, one or more criteria, each with a written motivation."""

    scores: list[Score] = Field(min_length=1)


class Decide(_Command):
    """The decision maker's decision: a grant (amount; period from the round unless given) or a motivated rejection."""

    besluit: Literal["verleend", "afgewezen"]
    bedrag_per_jaar_centen: int | None = Field(default=None, gt=0)
    periode_start: date | None = None
    periode_eind: date | None = None
    motivering: str = ""
    verwijzing: str | None = None

    @model_validator(mode="after")
    def _grant_has_amount(self) -> Decide:
        if self.besluit == "verleend" and self.bedrag_per_jaar_centen is None:
            raise ValueError("a grant needs bedrag_per_jaar_centen")
        return self


class DeclareUnfunded(_Command):
    """Leave a priority unfunded: no suitable alliance applied."""

    motivering: str


class LodgeObjection(_Command):
    """The alliance objects (bezwaar) to the decision, within the objection term."""

    gronden: str


class DecideObjection(_Command):
    uitkomst: Literal["gegrond", "ongegrond", "niet-ontvankelijk"]
    motivering: str


class AmendGrant(_Command):
    """Amend a grant before its final settlement: a new amount per year and/or a new end, with a reason."""

    bedrag_per_jaar_centen: int = Field(gt=0)
    periode_eind: date | None = None
    reden: str


class ExtendGrant(_Command):
    """Extend a grant into its next year, as a decision of its own (amount per year; the same unless given)."""

    bedrag_per_jaar_centen: int | None = Field(default=None, gt=0)
