"""The assessment's rules, on the aggregate itself: no I/O."""

from __future__ import annotations

from datetime import date

import pytest

from allianties_shared.contracts.toekenning import BeoordelingGeopend, BesluittermijnDreigtTeVerlopen, ScoreGegeven
from allianties_shared.domain import AccessDenied, RuleViolation
from allianties_shared.regulation.loader import load_regulation
from toekenning.domain.assessment import Assessment
from toekenning.domain.beschikking import advances, grant_period, intends_extension
from toekenning.domain.deciding import Beschikking

REGULATION = load_regulation()
ROUND = REGULATION.ronde("2021")
CRITERIA = {c.code for c in REGULATION.criteria}
JUNE_1 = date(2021, 6, 1)


def opened() -> Assessment:
    assessment = Assessment("beoordeling-a-p1")
    assessment.open(
        BeoordelingGeopend(
            beoordeling_id="a-p1", aanvraag_id="a", alliantie_id="x", prioriteit=1, gevraagd_bedrag_per_jaar_centen=10_000_000,
            ronde_id="2021", besluittermijn=JUNE_1,
        )
    )
    assessment.collect_pending()
    return assessment


def scored(assessor: str = "b1") -> Assessment:
    assessment = opened()
    assessment.score(assessor, True, CRITERIA, [(c, 7, "goed") for c in CRITERIA])
    assessment.collect_pending()
    return assessment


def beschikking(amount: int = 10_000_000) -> Beschikking:
    start, end = grant_period(ROUND)
    return Beschikking(amount, start, end, intends_extension(ROUND), 15, advances(start, end, amount, ROUND.voorschotten_per_jaar))


def test_an_assessor_not_assigned_to_the_priority_may_not_score():
    with pytest.raises(AccessDenied) as refused:
        opened().score("b1", False, CRITERIA, [("theory-of-change", 8, "sterk")])
    assert refused.value.rule == "assessor-assigned"


def test_an_assessor_who_declared_a_conflict_of_interest_is_excluded():
    assessment = opened()
    assessment.declare_conflict("b1", "Lid van het bestuur van een aanvragende organisatie")
    with pytest.raises(AccessDenied) as refused:
        assessment.score("b1", True, CRITERIA, [("theory-of-change", 8, "sterk")])
    assert refused.value.rule == "assessor-without-conflict"


def test_every_score_needs_a_written_motivation_and_nothing_is_recorded_when_one_lacks_it():
    assessment = opened()
    with pytest.raises(RuleViolation) as refused:
        assessment.score("b1", True, CRITERIA, [("theory-of-change", 8, "sterk"), ("begroting", 6, "  ")])
    assert (refused.value.rule, refused.value.field) == ("score-motivated", "scores.1.motivering")
    assert assessment.collect_pending() == (1, [])


def test_an_unknown_criterion_and_a_score_out_of_range_are_refused():
    with pytest.raises(RuleViolation) as unknown:
        opened().score("b1", True, CRITERIA, [("charisma", 8, "x")])
    assert unknown.value.rule == "criterion-known"
    with pytest.raises(RuleViolation) as out_of_range:
        opened().score("b1", True, CRITERIA, [("begroting", 11, "x")])
    assert out_of_range.value.rule == "score-range"


def test_a_grant_needs_one_assessor_to_have_scored_every_criterion():
    assessment = opened()
    assessment.score("b1", True, CRITERIA, [("theory-of-change", 8, "sterk")])
    with pytest.raises(RuleViolation) as refused:
        assessment.grant(beschikking(), CRITERIA, JUNE_1, 42)
    assert refused.value.rule == "grant-after-scoring"


def test_the_scores_of_an_assessor_with_a_conflict_do_not_count():
    assessment = scored("b1")
    assessment.declare_conflict("b1", "Alsnog: lid van een partnerorganisatie")
    assert assessment.complete_assessors(CRITERIA) == set()


def test_a_grant_is_the_beschikking_of_the_2021_round_with_quarterly_advances_and_an_objection_term():
    assessment = scored()
    assessment.grant(beschikking(10_000_000), CRITERIA, JUNE_1, ROUND.bezwaartermijn_dagen)
    _, (granted, sent) = assessment.collect_pending()
    assert (granted.periode_start, granted.periode_eind) == (date(2021, 6, 1), date(2022, 5, 31))
    assert granted.verlengingsintentie is True
    assert granted.max_coordinatie_procent == 15
    assert [v.datum for v in granted.voorschotten] == [date(2021, 6, 1), date(2021, 9, 1), date(2021, 12, 1), date(2022, 3, 1)]
    assert sum(v.bedrag_centen for v in granted.voorschotten) == 10_000_000
    assert sent.bezwaar_mogelijk_tot == date(2021, 7, 13)


def test_a_decision_is_taken_once():
    assessment = scored()
    assessment.reject("Past niet bij de prioriteit.", "Sociale Basis", JUNE_1, 42)
    with pytest.raises(RuleViolation) as refused:
        assessment.grant(beschikking(), CRITERIA, JUNE_1, 42)
    assert refused.value.rule == "assessment-decided-once"


def test_a_rejection_without_a_motivation_is_refused():
    with pytest.raises(RuleViolation) as refused:
        opened().reject(" ", "Sociale Basis", JUNE_1, 42)
    assert (refused.value.rule, refused.value.field) == ("rejection-motivated", "motivering")


def test_no_decision_while_a_completion_request_runs_and_the_deadline_moves_by_the_pause():
    assessment = scored()
    assessment.pause(date(2021, 4, 10), date(2021, 4, 24))
    with pytest.raises(RuleViolation) as refused:
        assessment.reject("Onvolledig.", None, date(2021, 4, 12), 42)
    assert refused.value.rule == "decide-after-completion"
    assessment.resume(date(2021, 4, 20))
    assert assessment.deadline == date(2021, 6, 11)


def test_a_decision_that_would_be_late_is_flagged_once_and_not_while_paused():
    assessment = opened()
    assessment.flag_if_late(date(2021, 5, 1), 14)
    assert assessment.collect_pending()[1] == []
    assessment.pause(date(2021, 5, 20), date(2021, 6, 3))
    assessment.flag_if_late(date(2021, 5, 25), 14)
    assert [e.name for e in assessment.collect_pending()[1]] == ["beoordeling-gepauzeerd"]
    assessment.resume(date(2021, 5, 25))
    assessment.flag_if_late(date(2021, 5, 25), 14)
    assessment.flag_if_late(date(2021, 5, 26), 14)
    flagged = [e for e in assessment.collect_pending()[1] if isinstance(e, BesluittermijnDreigtTeVerlopen)]
    assert [(f.besluittermijn, f.dagen_resterend) for f in flagged] == [(date(2021, 6, 6), 12)]


def test_an_objection_is_possible_within_the_term_only():
    assessment = scored()
    assessment.reject("Een andere alliantie past beter.", "Sociale Basis", JUNE_1, 42)
    with pytest.raises(RuleViolation) as late:
        assessment.lodge_objection("Wij passen beter.", date(2021, 7, 14))
    assert late.value.rule == "objection-within-term"
    assessment.lodge_objection("Wij passen beter.", date(2021, 7, 13))
    assessment.decide_objection("ongegrond", "De rangschikking blijft staan.")
    assert assessment.objection == "ongegrond"


def test_a_well_founded_objection_against_a_rejection_reopens_the_assessment():
    assessment = scored()
    assessment.reject("Te weinig trackrecord.", None, JUNE_1, 42)
    assessment.lodge_objection("Trackrecord is onjuist gelezen.", date(2021, 6, 10))
    assessment.decide_objection("gegrond", "Trackrecord opnieuw bezien.")
    assert assessment.status == "open"


def test_the_extension_is_its_own_decision_for_the_next_year_and_happens_once():
    assessment = scored()
    assessment.grant(beschikking(), CRITERIA, JUNE_1, 42)
    assessment.extend(10_000_000, date(2022, 6, 1), date(2023, 5, 31), [])
    with pytest.raises(RuleViolation) as twice:
        assessment.extend(10_000_000, date(2023, 6, 1), date(2024, 5, 31), [])
    assert twice.value.rule == "extension-once"


def test_a_later_score_replaces_an_earlier_one():
    assessment = scored()
    assessment.score("b1", True, CRITERIA, [("begroting", 3, "Begroting klopt niet")])
    [event] = assessment.collect_pending()[1]
    assert isinstance(event, ScoreGegeven)
    assert assessment.scores[("b1", "begroting")] == 3


def test_a_deadline_already_passed_is_not_flagged_as_about_to_pass():
    assessment = opened()
    assessment.flag_if_late(date(2021, 6, 2), 14)
    assert assessment.collect_pending()[1] == []
