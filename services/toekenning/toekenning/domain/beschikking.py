"""The beschikking's terms, derived from the round in the regulation: period, intention, advances."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from allianties_shared.contracts.toekenning import Voorschot
from allianties_shared.regulation.model import Ronde


def add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def grant_period(round: Ronde) -> tuple[date, date]:
    """The first beschikking's period: ``maanden`` from the round's start (June-June in 2021)."""
    start = round.subsidieperiode.start
    return start, add_months(start, round.subsidieperiode.maanden) - timedelta(days=1)


def intends_extension(round: Ronde) -> bool:
    """More years are intended than the first beschikking covers (2021: one year, with the intention of a second)."""
    return round.subsidieperiode.jaren * 12 > round.subsidieperiode.maanden


def next_year(period_end: date) -> tuple[date, date]:
    start = period_end + timedelta(days=1)
    return start, add_months(start, 12) - timedelta(days=1)


def advances(start: date, end: date, amount_per_year_cents: int, per_year: int) -> list[Voorschot]:
    """``per_year`` instalments in every (started) year of the period; a year's remainder goes on its first."""
    months = 0
    while add_months(start, months + 1) <= end + timedelta(days=1):
        months += 1
    years = max(1, -(-months // 12))
    interval = max(1, 12 // per_year)
    share, remainder = divmod(amount_per_year_cents, per_year)
    schedule = []
    for year in range(years):
        for instalment in range(per_year):
            amount = share + (remainder if instalment == 0 else 0)
            moment = add_months(start, year * 12 + instalment * interval)
            if moment <= end and amount > 0:
                schedule.append(Voorschot(datum=moment, bedrag_centen=amount))
    return schedule
