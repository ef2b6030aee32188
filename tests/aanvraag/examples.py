"""Example input: an alliance, an application's five documents and a budget that respects the rules."""

from __future__ import annotations

import base64

from aanvraag.application.commands import DocumentUpload, DraftApplication, RecordBudget, RegisterAlliance
from allianties_shared.regulation.model import DocumentSoort

ALLIANCE_ID = "queer-amsterdam"

ALLIANCE = {
    "alliantie_id": ALLIANCE_ID,
    "naam": "Alliantie Queer Amsterdam",
    "penvoerder": {"kvk": "12345678", "naam": "COC Amsterdam"},
    "partners": [{"kvk": "23456789", "naam": "MarokQueer Zawia"}, {"kvk": "34567890", "naam": "Papaya Kuir"}],
    "contactpersoon": {"naam": "Sam de Vries", "email": "sam@example.org", "taal": "en"},
}


def register(alliance_id: str = ALLIANCE_ID) -> RegisterAlliance:
    return RegisterAlliance.model_validate({**ALLIANCE, "alliantie_id": alliance_id})


def draft(application_id: str = "qa-2021", alliance_id: str = ALLIANCE_ID, priorities=(2,), amount: int = 15_000_000) -> DraftApplication:
    return DraftApplication(aanvraag_id=application_id, alliantie_id=alliance_id, prioriteiten=list(priorities), bedrag_per_jaar_centen=amount)


def document_body(kind: DocumentSoort | str, content: bytes | None = None, title: str | None = None) -> dict:
    kind = DocumentSoort(kind)
    content = content or f"%PDF-1.7 {kind.value}".encode()
    return {"soort": kind.value, "titel": title or kind.value.replace("-", " ").capitalize(), "taal": "nl", "inhoud_base64": base64.b64encode(content).decode()}


def document(kind: DocumentSoort | str, content: bytes | None = None) -> DocumentUpload:
    return DocumentUpload.model_validate(document_body(kind, content))


def budget_body(total: int = 15_000_000, coordination: int | None = None, years: tuple[str, ...] = ("2021-2022",)) -> dict:
    coordination = total * 15 // 100 if coordination is None else coordination
    return {"jaren": [{"jaar": y, "totaal_centen": total, "coordinatie_centen": coordination} for y in years]}


def budget(total: int = 15_000_000, coordination: int | None = None) -> RecordBudget:
    return RecordBudget.model_validate(budget_body(total, coordination))
