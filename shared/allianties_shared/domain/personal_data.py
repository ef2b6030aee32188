"""Personal data inside immutable events: sealed per person, so erasing the person's key erases it."""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel, ConfigDict

ERASED = "[gewist]"


class Sealed(BaseModel):
    """A value encrypted with the key of one data subject (a contact person)."""

    model_config = ConfigDict(frozen=True)

    subject: UUID
    ciphertext: str
