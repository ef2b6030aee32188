"""The schedule a beschikking implies, derived from its period: a calendar-year grant moves every date."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from allianties_shared.contracts.verantwoording import Termijn

QUARTER_MONTHS = 3
HALF_YEAR_MONTHS = 6
_ORDER = {"kwartaalgesprek": 0, "halfjaarrapportage": 1, "eindverslag": 2}


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_between(start: date, day: date) -> int:
    months = (day.year - start.year) * 12 + day.month - start.month
    return months - 1 if day.day < start.day else months


def half_year_of(period_start: date, day: date) -> int:
    """1 for the first six months of the period, 2 for the next six, and so on."""
    return months_between(period_start, day) // HALF_YEAR_MONTHS + 1


def _periods(start: date, end: date, months: int) -> list[tuple[date, date]]:
    periods, n = [], 0
    while (first := add_months(start, months * n)) <= end:
        periods.append((first, min(add_months(start, months * (n + 1)) - timedelta(days=1), end)))
        n += 1
    return periods


def derive_schedule(start: date, end: date, report_days: int) -> list[Termijn]:
    """Quarterly conversations by each quarter's end; a report ``report_days`` after each half-year; the final report."""
    quarters = [
        Termijn(termijn_id=f"kwartaal-{n}", soort="kwartaalgesprek", van=van, tot=tot, uiterlijk=tot)
        for n, (van, tot) in enumerate(_periods(start, end, QUARTER_MONTHS), start=1)
    ]
    halves = [
        Termijn(
            termijn_id=f"halfjaar-{n}", soort="halfjaarrapportage", van=van, tot=tot, uiterlijk=tot + timedelta(days=report_days)
        )
        for n, (van, tot) in enumerate(_periods(start, end, HALF_YEAR_MONTHS), start=1)
    ]
    final = Termijn(termijn_id="eindverslag", soort="eindverslag", van=start, tot=end, uiterlijk=end + timedelta(days=report_days))
    return sorted([*quarters, *halves, final], key=lambda t: (t.uiterlijk, _ORDER[t.soort], t.termijn_id))
