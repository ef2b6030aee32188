"""Base class of every domain event: immutable, past tense, versioned."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict


class DomainEvent(BaseModel):
    """An immutable fact. ``name`` is the kebab-case type, ``version`` its schema version.

    Changing the fields of a published event means a new class with ``version + 1`` and an
    upcaster from the old one in the registry; stored events are never rewritten.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: ClassVar[str]
    version: ClassVar[int] = 1
