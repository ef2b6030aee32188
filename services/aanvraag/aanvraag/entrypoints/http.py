"""HTTP API of the intake service (``/v1``): one router per resource, assembled here."""

from __future__ import annotations

from fastapi import APIRouter

from aanvraag.entrypoints import (
    http_alliances,
    http_applications,
    http_concepts,
    http_contacts,
    http_documents,
    http_regulation,
)

router = APIRouter()
for part in (http_regulation, http_alliances, http_contacts, http_concepts, http_applications, http_documents):
    router.include_router(part.router)
