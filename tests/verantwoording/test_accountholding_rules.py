"""Accounthouder continuity, on the aggregate alone: assignment, handover, leaving, and the flag."""

from __future__ import annotations

import pytest

from allianties_shared.domain import RuleViolation
from verantwoording.domain.accountholding import Accountholding, stream_id


def names(holding: Accountholding) -> list[str]:
    return [e.name for e in holding.collect_pending()[1]]


def test_a_dossier_opened_for_an_alliance_without_an_accounthouder_flags_it_once():
    holding = Accountholding(stream_id("regenboog"))
    holding.flag_if_without("regenboog", "d1")
    holding.flag_if_without("regenboog", "d2")
    assert names(holding) == ["alliantie-zonder-accounthouder-gesignaleerd"]


def test_an_alliance_with_an_accounthouder_is_not_flagged():
    holding = Accountholding(stream_id("regenboog"))
    holding.assign("regenboog", "ah-1", "Fatima", "")
    holding.flag_if_without("regenboog", "d1")
    assert names(holding) == ["accounthouder-toegewezen"]


def test_a_handover_needs_a_note_and_a_different_accounthouder():
    holding = Accountholding(stream_id("regenboog"))
    holding.assign("regenboog", "ah-1", "Fatima", "")
    with pytest.raises(RuleViolation) as same:
        holding.assign("regenboog", "ah-1", "Fatima", "x")
    assert same.value.rule == "accounthouder-changes"
    with pytest.raises(RuleViolation) as no_note:
        holding.assign("regenboog", "ah-2", "Joost", " ")
    assert no_note.value.rule == "handover-note" and no_note.value.field == "notitie"
    holding.assign("regenboog", "ah-2", "Joost", "Rapportage H1 ligt er, gesprek Q3 gepland")
    assert holding.is_current("ah-2") and not holding.is_current("ah-1")
    assert names(holding) == ["accounthouder-toegewezen", "accounthouder-overgedragen"]


def test_an_accounthouder_leaving_without_a_successor_flags_the_alliance_at_once():
    holding = Accountholding(stream_id("regenboog"))
    with pytest.raises(RuleViolation) as nobody:
        holding.leave("regenboog", "vertrek")
    assert nobody.value.rule == "accounthouder-assigned"
    holding.assign("regenboog", "ah-1", "Fatima", "")
    holding.leave("regenboog", "Andere functie")
    assert holding.current is None and holding.flagged
    assert names(holding)[-2:] == ["accounthouder-vertrokken", "alliantie-zonder-accounthouder-gesignaleerd"]
