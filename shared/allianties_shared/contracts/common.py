"""Value objects that several services' events share."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from allianties_shared.domain.personal_data import Sealed

Taal = Literal["nl", "en"]


class Organisatie(BaseModel):
    model_config = ConfigDict(frozen=True)

    kvk: str = Field(pattern=r"^[0-9]{8}$", description="KvK-nummer (Chamber of Commerce number)")
    naam: str = Field(min_length=1, max_length=200)


class Contactpersoon(BaseModel):
    """A contact person: name and e-mail are personal data, sealed with the person's own key."""

    model_config = ConfigDict(frozen=True)

    persoon_id: str
    naam: Sealed
    email: Sealed
    taal: Taal = "nl"
