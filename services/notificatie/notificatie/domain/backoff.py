"""Exponential backoff with a cap, for deliveries to subscribers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class Backoff:
    base_seconds: float = 1.0
    cap_seconds: float = 300.0
    max_attempts: int = 10

    def delay(self, attempt: int) -> timedelta:
        """Wait before attempt ``attempt + 1``: base, 2×base, 4×base, ... never more than the cap."""
        return timedelta(seconds=min(self.cap_seconds, self.base_seconds * 2 ** (attempt - 1)))

    def gives_up_after(self, attempt: int) -> bool:
        return attempt >= self.max_attempts
