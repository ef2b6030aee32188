"""Errors named for the rule they guard; the HTTP edge maps each kind to one status code."""

from __future__ import annotations


class DomainError(Exception):
    """A command was refused. ``rule`` names the rule, ``field`` the offending input (if any).

    Messages come in Dutch and English so the edge can answer in the caller's language.
    """

    status = 422

    def __init__(self, rule: str, message_nl: str, message_en: str | None = None, *, field: str | None = None):
        super().__init__(message_en or message_nl)
        self.rule = rule
        self.field = field
        self.message_nl = message_nl
        self.message_en = message_en or message_nl

    def message(self, language: str) -> str:
        return self.message_en if language == "en" else self.message_nl


class RuleViolation(DomainError):
    """A business rule forbids the command (422)."""


class NotFound(DomainError):
    """The addressed aggregate does not exist, or the actor may not know that it exists (404)."""

    status = 404


class AccessDenied(DomainError):
    """The actor's role does not allow the command (403)."""

    status = 403


class ConcurrencyError(DomainError):
    """Another writer appended to the stream first: the expected version no longer holds (409).

    Handlers retry the whole command on a fresh load; when retries run out the caller gets 409.
    """

    status = 409

    def __init__(self, stream_id: str, expected: int, actual: int | None):
        super().__init__(
            "expected-version",
            f"Stroom {stream_id} is intussen gewijzigd (verwacht versie {expected}, gevonden {actual}).",
            f"Stream {stream_id} changed meanwhile (expected version {expected}, found {actual}).",
        )
        self.stream_id = stream_id
        self.expected = expected
        self.actual = actual
