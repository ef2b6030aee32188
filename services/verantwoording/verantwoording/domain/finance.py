"""Money rules, in integer cents: the amount granted, the coordination share, the final settlement."""

from __future__ import annotations

from datetime import date, timedelta

from allianties_shared.contracts.toekenning import Voorschot
from verantwoording.domain.schedule import months_between


def granted_total(segments: list[tuple[date, date, int]]) -> int:
    """The amount per year, pro rata over the months each granted period runs."""
    return sum(amount * months_between(start, end + timedelta(days=1)) // 12 for start, end, amount in segments)


def coordination_maximum(total_cents: int, max_percent: int) -> int:
    return total_cents * max_percent // 100


def settle(spent_cents: int, granted_cents: int, advances: list[Voorschot]) -> tuple[int, int, int, str]:
    """The final amount is what was spent, at most what was granted; the difference from the advances is paid or reclaimed."""
    final = min(spent_cents, granted_cents)
    advanced = sum(v.bedrag_centen for v in advances)
    difference = final - advanced
    outcome = "nabetaling" if difference > 0 else "terugvordering" if difference < 0 else "geen"
    return final, advanced, difference, outcome
