"""The schedule follows the grant period: a calendar-year grant moves every date."""

from __future__ import annotations

from datetime import date

from allianties_shared.contracts.toekenning import Voorschot
from verantwoording.domain.finance import granted_total, settle
from verantwoording.domain.schedule import derive_schedule, half_year_of


def test_a_june_to_june_grant_has_four_quarterly_conversations_two_half_yearly_reports_and_a_final_report():
    schedule = {t.termijn_id: t for t in derive_schedule(date(2021, 6, 1), date(2022, 5, 31), 30)}
    assert [schedule[f"kwartaal-{n}"].uiterlijk for n in range(1, 5)] == [
        date(2021, 8, 31), date(2021, 11, 30), date(2022, 2, 28), date(2022, 5, 31)
    ]
    assert schedule["halfjaar-1"].tot == date(2021, 11, 30)
    assert schedule["halfjaar-1"].uiterlijk == date(2021, 12, 30)
    assert schedule["halfjaar-2"].uiterlijk == date(2022, 6, 30)
    assert schedule["eindverslag"].uiterlijk == date(2022, 6, 30)
    assert len(schedule) == 7


def test_a_calendar_year_grant_moves_every_date():
    schedule = {t.termijn_id: t for t in derive_schedule(date(2024, 1, 1), date(2024, 12, 31), 14)}
    assert schedule["kwartaal-1"].uiterlijk == date(2024, 3, 31)
    assert schedule["halfjaar-1"].uiterlijk == date(2024, 7, 14)
    assert schedule["eindverslag"].uiterlijk == date(2025, 1, 14)


def test_a_two_year_period_gets_eight_conversations_and_four_half_yearly_reports():
    schedule = derive_schedule(date(2024, 1, 1), date(2025, 12, 31), 30)
    assert sum(t.soort == "kwartaalgesprek" for t in schedule) == 8
    assert sum(t.soort == "halfjaarrapportage" for t in schedule) == 4


def test_an_activity_belongs_to_the_half_year_of_its_date():
    assert half_year_of(date(2021, 6, 1), date(2021, 11, 30)) == 1
    assert half_year_of(date(2021, 6, 1), date(2021, 12, 1)) == 2


def test_the_granted_total_is_pro_rata_over_the_months_granted():
    assert granted_total([(date(2021, 6, 1), date(2022, 5, 31), 12_000_000)]) == 12_000_000
    assert granted_total([(date(2021, 6, 1), date(2021, 11, 30), 12_000_000)]) == 6_000_000


def test_settlement_pays_what_was_spent_above_the_advances_and_reclaims_what_was_not_spent():
    advances = [Voorschot(datum=date(2021, 6, 1), bedrag_centen=10_000)]
    assert settle(12_000, 20_000, advances) == (12_000, 10_000, 2_000, "nabetaling")
    assert settle(8_000, 20_000, advances) == (8_000, 10_000, -2_000, "terugvordering")
    assert settle(30_000, 20_000, advances) == (20_000, 10_000, 10_000, "nabetaling")
    assert settle(10_000, 20_000, advances)[3] == "geen"
