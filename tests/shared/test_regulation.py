"""The regulation is data: the 2021 round as the evaluation describes it, and a new round by configuration."""

from __future__ import annotations

from datetime import UTC, date, datetime
from importlib.resources import files

import pytest
from pydantic import ValidationError

from allianties_shared.regulation.loader import load_regulation, packaged_regulation
from allianties_shared.regulation.model import DocumentSoort, Programmalijn


def test_the_2021_round_has_the_seven_priorities_five_documents_and_its_dates():
    regeling = packaged_regulation()
    assert [p.nummer for p in regeling.prioriteiten] == [1, 2, 3, 4, 5, 6, 7]
    assert regeling.prioriteit(7).naam == "Mannenemancipatie"
    assert regeling.prioriteit(5).programmalijn is Programmalijn.GEDEELDE_GESCHIEDENIS
    assert set(regeling.documenten) == set(DocumentSoort)
    assert regeling.max_coordinatie_procent == 15
    ronde = regeling.ronde("2021")
    assert (ronde.aanvragen.van, ronde.aanvragen.tot, ronde.besluitdatum) == (date(2021, 2, 1), date(2021, 3, 31), date(2021, 6, 1))
    assert all(8_000_000 <= b <= 21_000_000 for b in ronde.budget_per_prioriteit_centen.values())
    assert max(regeling.criteria, key=lambda c: c.gewicht).code == "theory-of-change"


def test_the_application_window_closes_at_midnight_amsterdam_time():
    window = packaged_regulation().ronde("2021").aanvragen
    assert window.contains(datetime(2021, 3, 31, 21, 58, tzinfo=UTC))  # 23:58 in Amsterdam (CEST)
    assert not window.contains(datetime(2021, 3, 31, 22, 1, tzinfo=UTC))  # 00:01 on 1 April


def test_a_calendar_year_round_of_two_years_is_configuration_only():
    ronde = packaged_regulation().ronde("2024")
    assert (ronde.subsidieperiode.soort, ronde.subsidieperiode.maanden, ronde.subsidieperiode.start) == ("kalenderjaar", 24, date(2024, 1, 1))


def test_an_inconsistent_regulation_file_is_refused_with_the_reason(tmp_path):
    packaged = files("allianties_shared.regulation").joinpath("regeling.yaml").read_text()
    broken = tmp_path / "regeling.yaml"
    broken.write_text(packaged.replace("{van: 2021-02-01, tot: 2021-03-31}", "{van: 2021-03-31, tot: 2021-02-01}"))
    with pytest.raises(ValidationError, match="before it starts"):
        load_regulation(broken)
