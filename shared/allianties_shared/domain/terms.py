"""Legal terms (Awb) counted as the law counts them, in Amsterdam time.

A term set by law starts on the day after the event that sets it off (Awb 6:8: the day after the
decision was made known) and ends at the end of its last day. The Algemene termijnenwet (Atw)
then extends it: a term that would end on a Saturday, a Sunday or a public holiday it names ends
on the next day that is none of these (art. 1), and a term of three days or more always holds at
least two such working days (art. 2). The holidays are computed, so the calendar never runs out.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


class Unit(StrEnum):
    DAYS = "dagen"
    WEEKS = "weken"
    MONTHS = "maanden"


def easter_sunday(year: int) -> date:
    """Western Easter in the Gregorian calendar (the anonymous algorithm of Meeus, Jones and Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


def kings_day(year: int) -> date:
    """The day the monarch's birthday is celebrated: from 2014 King's Day, 27 April; before it Queen's
    Day, 30 April; either one a day earlier when it falls on a Sunday."""
    if year < 1980:
        raise ValueError("terms are counted from 1980 on")
    day = date(year, 4, 27) if year >= 2014 else date(year, 4, 30)
    return day - timedelta(days=1) if day.weekday() == calendar.SUNDAY else day


def public_holidays(year: int) -> frozenset[date]:
    """The 'algemeen erkende feestdagen' of Atw art. 3 (Good Friday is not one of them)."""
    easter = easter_sunday(year)
    return frozenset(
        {
            date(year, 1, 1),  # Nieuwjaarsdag
            easter + timedelta(days=1),  # tweede Paasdag
            kings_day(year),  # Koningsdag (Koninginnedag before 2014)
            date(year, 5, 5),  # Bevrijdingsdag, every year for the Atw
            easter + timedelta(days=39),  # Hemelvaartsdag
            easter + timedelta(days=50),  # tweede Pinksterdag
            date(year, 12, 25),  # eerste Kerstdag
            date(year, 12, 26),  # tweede Kerstdag
        }
    )


def is_working_day(day: date) -> bool:
    """Not a Saturday, a Sunday or a public holiday of the Atw."""
    return day.weekday() < calendar.SATURDAY and day not in public_holidays(day.year)


def next_working_day(day: date) -> date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_months(day: date, months: int) -> date:
    """The same day of the month ``months`` later, or that month's last day when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def amsterdam_day(moment: datetime) -> date:
    if moment.tzinfo is None:
        raise ValueError("a moment is timezone-aware")
    return moment.astimezone(AMSTERDAM).date()


def end_of_day(day: date) -> datetime:
    """The last moment of ``day`` in Amsterdam: a term ending on that day may be met until then."""
    return datetime.combine(day, time.max, AMSTERDAM)


@dataclass(frozen=True)
class Term:
    """A term of ``amount`` ``unit`` set off on ``set_off``: it runs from ``first_day`` to ``last_day``."""

    set_off: date
    amount: int
    unit: Unit
    first_day: date
    nominal_last_day: date
    last_day: date

    @property
    def extended(self) -> bool:
        """Whether the Atw moved the end past the nominal last day."""
        return self.last_day != self.nominal_last_day

    @property
    def deadline(self) -> datetime:
        """The last moment at which the term is met (end of the last day, Amsterdam time)."""
        return end_of_day(self.last_day)

    def is_met_at(self, moment: datetime) -> bool:
        return moment <= self.deadline


def nominal_last_day(set_off: date, amount: int, unit: Unit) -> date:
    """The last day before the Atw: ``amount`` days, weeks or months on from ``set_off``.

    Counted from the day after ``set_off``, a term of six weeks set off on a Monday ends on the
    Monday six weeks later; a term of one month set off on 31 January ends on the last day of February.
    """
    if amount < 1:
        raise ValueError("a term lasts at least one day, week or month")
    match unit:
        case Unit.DAYS:
            return set_off + timedelta(days=amount)
        case Unit.WEEKS:
            return set_off + timedelta(weeks=amount)
        case Unit.MONTHS:
            return add_months(set_off, amount)


def _with_two_working_days(first_day: date, nominal: date, last_day: date) -> date:
    """Atw art. 2: a term of three days or more (as set, before art. 1) holds at least two working days."""
    if (nominal - first_day).days + 1 < 3:
        return last_day
    working = sum(is_working_day(first_day + timedelta(days=n)) for n in range((last_day - first_day).days + 1))
    while working < 2:
        last_day += timedelta(days=1)
        working += is_working_day(last_day)
    return last_day


def legal_term(set_off: date | datetime, amount: int, unit: Unit) -> Term:
    """A term set by law (Awb), extended by the Algemene termijnenwet.

    ``set_off`` is the day (or the moment, read in Amsterdam) of the event that starts the term, such
    as the day a decision was sent; the term runs from the next day.
    """
    day = amsterdam_day(set_off) if isinstance(set_off, datetime) else set_off
    nominal = nominal_last_day(day, amount, unit)
    first_day = day + timedelta(days=1)
    last_day = _with_two_working_days(first_day, nominal, next_working_day(nominal))
    return Term(day, amount, unit, first_day, nominal, last_day)
