"""Documents: metadata and fingerprint travel in events; the content is stored outside them."""

from __future__ import annotations

import hashlib
from uuid import uuid4

from allianties_shared.contracts.aanvraag import DocumentMetadata
from allianties_shared.domain import RuleViolation
from allianties_shared.regulation.model import DocumentSoort

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


def describe(kind: DocumentSoort, title: str, language: str, content: bytes) -> DocumentMetadata:
    """Check the size, then fingerprint the content (SHA-256)."""
    if not content:
        raise RuleViolation("document-empty", "Het document is leeg.", "The document is empty.", field="inhoud_base64")
    if len(content) > MAX_DOCUMENT_BYTES:
        megabytes = MAX_DOCUMENT_BYTES // (1024 * 1024)
        raise RuleViolation(
            "document-size",
            f"Een document is hoogstens {megabytes} MB; dit is {len(content) / 1024 / 1024:.1f} MB.",
            f"A document is at most {megabytes} MB; this one is {len(content) / 1024 / 1024:.1f} MB.",
            field="inhoud_base64",
        )
    return DocumentMetadata(
        document_id=uuid4().hex,
        soort=kind,
        titel=title,
        taal=language,
        grootte_bytes=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
