"""When a reminder of a deadline is due: some days before, in the evening, never at night.

Volunteers read their mail in evenings and weekends, so a reminder comes at a fixed evening hour
(Amsterdam time) some days before the deadline, never on the day and never between the quiet hours.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@dataclass(frozen=True)
class ReminderPolicy:
    days_before: tuple[int, ...] = (14, 3)
    evening_hour: int = 19
    quiet_from: int = 22
    quiet_until: int = 8

    def __post_init__(self) -> None:
        if any(d < 1 for d in self.days_before):
            raise ValueError("a reminder comes at least one day before its deadline")
        if self.is_quiet_hour(self.evening_hour):
            raise ValueError("the reminder hour falls in the quiet hours")

    def is_quiet_hour(self, hour: int) -> bool:
        if self.quiet_from > self.quiet_until:
            return hour >= self.quiet_from or hour < self.quiet_until
        return self.quiet_from <= hour < self.quiet_until

    def is_quiet(self, moment: datetime) -> bool:
        return self.is_quiet_hour(moment.astimezone(AMSTERDAM).hour)

    def moment(self, deadline: datetime, days_before: int) -> datetime:
        """The evening ``days_before`` days before the deadline's day, Amsterdam time."""
        day = deadline.astimezone(AMSTERDAM).date() - timedelta(days=days_before)
        return datetime.combine(day, time(self.evening_hour), AMSTERDAM)

    def due(self, deadline: datetime, sent: set[int], now: datetime) -> int | None:
        """The reminder (days before) to send now, if any.

        Only the nearest reminder that has fallen due is sent; one that was overtaken by a later one
        (the clock jumped, the deadline was learned late) is never sent afterwards.
        """
        if now >= deadline or self.is_quiet(now):
            return None
        due = [d for d in self.days_before if self.moment(deadline, d) <= now]
        if not due:
            return None
        nearest = min(due)
        if any(s <= nearest for s in sent):
            return None
        return nearest
