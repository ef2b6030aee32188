"""Commands of the accountability service: imperative, validated at the edge, decided by the aggregates."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from allianties_shared.contracts.verantwoording import Begrotingsregel, Besteding, MscKeuze, Voortgang

Slug = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,79}$")


class _Command(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AssignAccounthouder(_Command):
    """Assign an accounthouder to an alliance; when it has one, this is a handover (with a note)."""

    accounthouder_id: str = Field(min_length=1, max_length=100, description="the actor id in the accounthouder's token")
    naam: str = Field(min_length=1, max_length=200, description="display name (no e-mail)")
    notitie: str = Field(default="", max_length=4000, description="handover note: where the alliance stands")


class LeaveAlliance(_Command):
    reden: str = Field(min_length=1, max_length=1000)


class RecordPlan(_Command):
    activiteitenplan: list[str] = Field(min_length=1)
    begroting: list[Begrotingsregel] = Field(min_length=1)


class RegisterActivity(_Command):
    activiteit_id: str = Slug
    titel: str = Field(min_length=1, max_length=200)
    datum: date
    plaats: str = Field(min_length=1, max_length=200)
    partners: list[str] = Field(min_length=1, description="the partner organisations involved")
    onderdeel: str | None = Field(default=None, description="the item of the activity plan it belongs to")
    accounthouder_uitnodigen: bool = False


class RecordAttendance(_Command):
    aanwezig: bool


class SubmitMscStory(_Command):
    """A story told by a participant or organiser, submitted by an alliance member on their behalf."""

    activiteit_id: str
    partner: str = Field(min_length=1, max_length=200, description="the partner organisation the storyteller belongs to")
    rol: Literal["deelnemer", "organisator"]
    verteller: str | None = Field(default=None, max_length=200, description="the storyteller's name (personal data: sealed)")
    wat_veranderde: str = Field(min_length=1, max_length=4000)
    waarom_belangrijkst: str = Field(min_length=1, max_length=4000)
    taal: Literal["nl", "en"] = "nl"


class SelectMscStories(_Command):
    halfjaar: int = Field(ge=1)
    keuzes: list[MscKeuze] = Field(min_length=1)


class SubmitReport(_Command):
    voortgang: list[Voortgang]
    msc_verhalen: list[str] = Field(default_factory=list)
    financien: list[Besteding] = Field(default_factory=list)


class ReturnReport(_Command):
    opmerkingen: str = Field(min_length=1, max_length=4000)


class PlanConversation(_Command):
    datum: date


class HoldConversation(_Command):
    notities: str = Field(min_length=1, max_length=8000)
    afspraken: list[str] = Field(default_factory=list)


class AllianceNotes(_Command):
    notities: str = Field(min_length=1, max_length=8000)
