"""Commands of the intake service: imperative, validated at the edge, decided by the aggregates."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from allianties_shared.contracts.common import Organisatie

Slug = Field(pattern=r"^[a-z0-9][a-z0-9-]{2,59}$")


class ContactPersonInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    naam: str = Field(min_length=1, max_length=200)
    email: EmailStr
    taal: Literal["nl", "en"] = "nl"


class RegisterAlliance(BaseModel):
    model_config = ConfigDict(extra="forbid")

    alliantie_id: str = Slug
    naam: str = Field(min_length=2, max_length=200)
    penvoerder: Organisatie
    partners: list[Organisatie]
    contactpersoon: ContactPersonInput


class DraftApplication(BaseModel):
    model_config = ConfigDict(extra="forbid")

    aanvraag_id: str = Slug
    alliantie_id: str = Slug
    ronde_id: str = Field(default="2021", pattern=r"^[0-9a-z-]{2,40}$")
    prioriteiten: list[int] = Field(min_length=1, max_length=7)
    bedrag_per_jaar_centen: int = Field(ge=0, le=100_000_000)


class SubmitApplication(BaseModel):
    model_config = ConfigDict(extra="forbid")

    aanvraag_id: str = Slug
