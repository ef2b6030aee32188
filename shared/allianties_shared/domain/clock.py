"""Time, injectable: services read the clock, never ``datetime.now`` directly.

Production runs on the system clock. The embedded stack and the tests run on a settable clock,
so the demo can replay the 2021 round and a test can run a year in seconds. A running service
keeps its settable clock's offset in its database (``runtime/shared_clock.py``), so all its
instances show the same time.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class SettableClock:
    """Runs like the system clock from wherever it was last set (an offset, not a frozen moment)."""

    def __init__(self, start: datetime | None = None) -> None:
        self._offset = timedelta(0)
        if start is not None:
            self.set(start)

    def now(self) -> datetime:
        return datetime.now(UTC) + self._offset

    def set(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("a clock is set to a timezone-aware moment")
        self._offset = moment - datetime.now(UTC)

    def advance(self, by: timedelta) -> None:
        self._offset += by

    @property
    def offset(self) -> timedelta:
        """How far this clock runs ahead of the system clock (negative: behind)."""
        return self._offset

    def set_offset(self, offset: timedelta) -> None:
        self._offset = offset
