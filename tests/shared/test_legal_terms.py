"""The Awb term calculator against the Algemene termijnenwet, over a century of dates.

The public holidays are checked against the `holidays` package (written by others), which lists
the Dutch holidays; where the Atw differs from the public calendar (Good Friday is no Atw holiday,
Liberation Day is one every year) the test says so.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import holidays
from hypothesis import given
from hypothesis import strategies as st

from allianties_shared.domain.terms import (
    Unit,
    easter_sunday,
    is_working_day,
    legal_term,
    next_working_day,
    nominal_last_day,
    public_holidays,
)

YEARS = range(1980, 2101)
days = st.dates(min_value=date(1980, 1, 1), max_value=date(2099, 12, 1))
amounts = st.integers(min_value=1, max_value=26)
units = st.sampled_from(list(Unit))


def atw_holidays_by_the_holidays_package(year: int) -> set[date]:
    listed = holidays.NL(years=year)
    kept = {day for day, name in listed.items() if name not in {"Good Friday", "Easter Sunday", "Pentecost"}}
    return kept | {date(year, 5, 5)}


def test_the_public_holidays_are_those_of_the_dutch_calendar_for_a_century():
    for year in YEARS:
        assert public_holidays(year) == atw_holidays_by_the_holidays_package(year), year


def test_easter_falls_on_the_sunday_the_holidays_package_names():
    for year in YEARS:
        listed = {day for day, name in holidays.NL(years=year).items() if name == "Easter Sunday"}
        assert listed == {easter_sunday(year)}


def test_queens_day_before_2014_moves_to_the_29th_when_the_30th_is_a_sunday():
    assert date(2006, 4, 29) in public_holidays(2006)  # 30 April 2006 was a Sunday
    assert date(2013, 4, 30) in public_holidays(2013)


def test_kings_day_moves_to_the_26th_when_the_27th_is_a_sunday():
    assert date(2014, 4, 26) in public_holidays(2014)  # 27 April 2014 was a Sunday
    assert date(2014, 4, 27) not in public_holidays(2014)
    assert date(2021, 4, 27) in public_holidays(2021)


def test_six_weeks_from_a_monday_end_on_the_monday_six_weeks_later():
    term = legal_term(date(2021, 3, 1), 6, Unit.WEEKS)
    assert (term.first_day, term.last_day, term.extended) == (date(2021, 3, 2), date(2021, 4, 12), False)


def test_a_term_ending_on_a_saturday_ends_on_the_monday():
    term = legal_term(date(2021, 6, 5), 6, Unit.WEEKS)  # nominally Saturday 17 July 2021
    assert term.nominal_last_day == date(2021, 7, 17)
    assert term.last_day == date(2021, 7, 19)
    assert term.extended


def test_a_term_ending_on_easter_monday_ends_on_the_tuesday_after():
    term = legal_term(date(2021, 2, 22), 6, Unit.WEEKS)  # nominally Monday 5 April 2021, Easter Monday
    assert term.last_day == date(2021, 4, 6)


def test_a_term_ending_on_christmas_day_skips_both_christmas_days_and_the_weekend():
    term = legal_term(date(2020, 11, 13), 6, Unit.WEEKS)  # nominally Friday 25 December 2020
    assert term.last_day == date(2020, 12, 28)


def test_a_month_from_the_last_of_january_ends_on_the_last_of_february():
    assert nominal_last_day(date(2021, 1, 31), 1, Unit.MONTHS) == date(2021, 2, 28)
    assert nominal_last_day(date(2024, 1, 31), 1, Unit.MONTHS) == date(2024, 2, 29)


def test_a_three_day_term_over_a_long_weekend_holds_two_working_days():
    # Set off on Thursday 13 May 2021 (Ascension Day): Friday 14 is a working day, the weekend is not.
    term = legal_term(date(2021, 5, 13), 3, Unit.DAYS)  # nominally Sunday 16 May, then Monday 17 May
    assert term.last_day == date(2021, 5, 17)
    assert working_days_in(term.first_day, term.last_day) == 2


def test_a_three_day_term_of_one_working_day_is_extended_to_a_second_one():
    # Set off on Wednesday 24 December 2025: Thursday and Friday are Christmas, Saturday 27th the last day.
    term = legal_term(date(2025, 12, 24), 3, Unit.DAYS)
    assert term.nominal_last_day == date(2025, 12, 27)
    assert term.last_day == date(2025, 12, 30)  # Monday 29th is one working day, Tuesday 30th the second


def test_the_set_off_moment_is_read_in_amsterdam_time():
    late_on_31_march = datetime(2021, 3, 31, 22, 30, tzinfo=UTC)  # 00:30 on 1 April in Amsterdam
    assert legal_term(late_on_31_march, 1, Unit.DAYS).set_off == date(2021, 4, 1)


def test_the_deadline_is_the_end_of_the_last_day_in_amsterdam():
    term = legal_term(date(2021, 3, 1), 6, Unit.WEEKS)
    assert term.is_met_at(datetime(2021, 4, 12, 21, 59, tzinfo=UTC))  # 23:59 in Amsterdam (summer time)
    assert not term.is_met_at(datetime(2021, 4, 12, 22, 0, 1, tzinfo=UTC))


@given(days, amounts, units)
def test_a_term_never_ends_on_a_day_that_is_not_a_working_day(set_off, amount, unit):
    assert is_working_day(legal_term(set_off, amount, unit).last_day)


def working_days_in(first_day: date, last_day: date) -> int:
    return sum(is_working_day(first_day + timedelta(days=n)) for n in range((last_day - first_day).days + 1))


@given(days, amounts, units)
def test_a_term_is_extended_no_further_than_the_termijnenwet_needs(set_off, amount, unit):
    term = legal_term(set_off, amount, unit)
    assert term.last_day >= term.nominal_last_day
    needs_two = (term.nominal_last_day - term.first_day).days + 1 >= 3
    for n in range((term.last_day - term.nominal_last_day).days):
        earlier = term.nominal_last_day + timedelta(days=n)  # ending here would break art. 1 or art. 2
        assert not is_working_day(earlier) or (needs_two and working_days_in(term.first_day, earlier) < 2)


@given(days, amounts, units)
def test_a_term_of_three_days_or_more_holds_at_least_two_working_days(set_off, amount, unit):
    term = legal_term(set_off, amount, unit)
    if (term.nominal_last_day - term.first_day).days + 1 >= 3:
        assert working_days_in(term.first_day, term.last_day) >= 2


@given(days, amounts)
def test_weeks_are_seven_days_each(set_off, amount):
    assert legal_term(set_off, amount, Unit.WEEKS).nominal_last_day == legal_term(set_off, 7 * amount, Unit.DAYS).nominal_last_day


@given(days)
def test_the_next_working_day_is_the_first_one_on_or_after_the_day(day):
    found = next_working_day(day)
    assert is_working_day(found)
    assert not any(is_working_day(day + timedelta(days=n)) for n in range((found - day).days))
