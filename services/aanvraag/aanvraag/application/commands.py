"""Commands of the intake service: imperative, validated at the edge, decided by the aggregates."""

from __future__ import annotations

import base64
import binascii
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator

from aanvraag.domain.documents import MAX_DOCUMENT_BYTES
from allianties_shared.contracts.aanvraag import BegrotingsJaar
from allianties_shared.contracts.common import Organisatie
from allianties_shared.regulation.model import DocumentSoort

Slug = Field(pattern=r"^[a-z0-9][a-z0-9-]{2,59}$")
RoundId = Field(default="2021", pattern=r"^[0-9a-z-]{2,40}$")


MAX_DOCUMENT_BASE64 = 4 * -(-MAX_DOCUMENT_BYTES // 3)  # base64: 4 characters for every 3 bytes, padded


class _Command(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ContactPersonInput(_Command):
    naam: str = Field(min_length=1, max_length=200)
    email: EmailStr
    taal: Literal["nl", "en"] = "nl"


class RegisterAlliance(_Command):
    alliantie_id: str = Slug
    naam: str = Field(min_length=2, max_length=200)
    penvoerder: Organisatie
    partners: list[Organisatie]
    contactpersoon: ContactPersonInput


class JoinAlliance(_Command):
    organisatie: Organisatie
    per: date | None = Field(default=None, description="from when; default today")


class LeaveAlliance(_Command):
    per: date | None = Field(default=None, description="from when; default today")


class RecordCoordination(_Command):
    organisaties: list[str] = Field(min_length=1, max_length=2, description="KvK numbers of one or two members")
    actoren: list[str] = Field(default_factory=list, description="actor ids (token subjects) that act as coordinator")
    contactpersonen: list[ContactPersonInput] = Field(min_length=1, max_length=2)


class DocumentUpload(_Command):
    soort: DocumentSoort
    titel: str = Field(min_length=1, max_length=200)
    taal: Literal["nl", "en"] = "nl"
    inhoud_base64: str = Field(max_length=MAX_DOCUMENT_BASE64, description="the file, base64-encoded; at most 20 MB")

    @field_validator("inhoud_base64")
    @classmethod
    def _is_base64(cls, value: str) -> str:
        try:
            base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise ValueError("not valid base64 / geen geldige base64") from None
        return value

    @property
    def content(self) -> bytes:
        return base64.b64decode(self.inhoud_base64)


class HandInConcept(DocumentUpload):
    alliantie_id: str = Slug
    soort: DocumentSoort = DocumentSoort.THEORY_OF_CHANGE


class GiveFeedback(_Command):
    feedback: str = Field(min_length=1, max_length=10_000)


class DraftApplication(_Command):
    aanvraag_id: str = Slug
    alliantie_id: str = Slug
    ronde_id: str = RoundId
    prioriteiten: list[int] = Field(min_length=1, max_length=7)
    bedrag_per_jaar_centen: int = Field(ge=0, le=100_000_000)


class RecordBudget(_Command):
    jaren: list[BegrotingsJaar] = Field(min_length=1, max_length=5)


class RequestCompletion(_Command):
    reden: str = Field(min_length=3, max_length=2_000)
    termijn: date | None = Field(default=None, description="default: today plus the round's term for completion")


class GiveReason(_Command):
    reden: str = Field(min_length=3, max_length=2_000)
