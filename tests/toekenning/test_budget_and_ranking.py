"""The round's budget and the explainable ranking, without I/O."""

from __future__ import annotations

from datetime import date

import pytest

from allianties_shared.domain import RuleViolation
from allianties_shared.regulation.loader import load_regulation
from toekenning.domain.beschikking import advances, grant_period
from toekenning.domain.ranking import Candidate, rank
from toekenning.domain.round_budget import RoundBudget

REGULATION = load_regulation()
ROUND = REGULATION.ronde("2021")


def test_a_grant_never_exceeds_what_is_left_of_the_priority_after_the_municipal_share():
    budget = RoundBudget("budget-2021")
    with pytest.raises(RuleViolation) as refused:
        budget.commit_grant(ROUND, 4, "a-p4", "x", 15_000_001)  # 180,000 minus the municipality's 30,000
    assert (refused.value.rule, refused.value.field) == ("grant-within-budget", "bedrag_per_jaar_centen")
    budget.commit_grant(ROUND, 4, "a-p4", "x", 15_000_000)
    assert budget.remaining(ROUND, 4) == 0


def test_one_grant_per_priority_in_2021():
    budget = RoundBudget("budget-2021")
    budget.commit_grant(ROUND, 1, "a-p1", "x", 5_000_000)
    with pytest.raises(RuleViolation) as refused:
        budget.commit_grant(ROUND, 1, "b-p1", "y", 5_000_000)
    assert refused.value.rule == "grants-per-priority"


def test_at_most_the_configured_total_of_grants_in_a_round():
    round = ROUND.model_copy(update={"max_toekenningen_totaal": 2})
    budget = RoundBudget("budget-2021")
    budget.commit_grant(round, 1, "a-p1", "x", 1_000_000)
    budget.commit_grant(round, 2, "b-p2", "y", 1_000_000)
    with pytest.raises(RuleViolation) as refused:
        budget.commit_grant(round, 3, "c-p3", "z", 1_000_000)
    assert refused.value.rule == "grants-in-total"


def test_an_unfunded_priority_gets_no_grant_and_a_funded_one_cannot_be_declared_unfunded():
    budget = RoundBudget("budget-2021")
    budget.declare_unfunded(ROUND, 7, "Geen passende alliantie voor mannenemancipatie.")
    with pytest.raises(RuleViolation) as refused:
        budget.commit_grant(ROUND, 7, "m-p7", "x", 1_000_000)
    assert refused.value.rule == "priority-unfunded"
    budget.commit_grant(ROUND, 1, "a-p1", "x", 1_000_000)
    with pytest.raises(RuleViolation) as funded:
        budget.declare_unfunded(ROUND, 1, "x")
    assert funded.value.rule == "unfunded-without-grant"


def test_calendar_year_rounds_run_two_years_in_one_beschikking():
    round = REGULATION.ronde("2024")
    assert grant_period(round) == (date(2024, 1, 1), date(2025, 12, 31))
    schedule = advances(date(2024, 1, 1), date(2025, 12, 31), 12_000_000, 4)
    assert len(schedule) == 8
    assert schedule[-1].datum == date(2025, 10, 1)


def test_the_ranking_shows_per_criterion_what_made_the_difference_and_warns_when_policy_fit_lost():
    criteria = REGULATION.criteria
    best_story = {"theory-of-change": 9, "beleidsaansluiting": 5, "activiteitenplan": 7, "trackrecord": 7, "begroting": 7, "samenwerking": 7}
    best_fit = {**best_story, "theory-of-change": 6, "beleidsaansluiting": 9}
    ranking = rank(
        [
            Candidate("fit-p1", "b", "open", [("b1", c, s) for c, s in best_fit.items()]),
            Candidate("story-p1", "a", "open", [("b1", c, s) for c, s in best_story.items()]),
        ],
        criteria,
    )
    assert [r["beoordeling_id"] for r in ranking] == ["story-p1", "fit-p1"]
    second = ranking[1]
    assert second["verschil_met_hogere"][0]["criterium"] == "theory-of-change"
    assert second["verschil_met_hogere"][0]["gewogen_verschil"] == -1.2
    assert "beleidsaansluiting +4.00" in second["waarschuwing"]


def test_the_scores_of_an_assessor_with_a_conflict_are_left_out_of_the_ranking():
    criteria = REGULATION.criteria
    scores = [("eerlijk", c.code, 5) for c in criteria] + [("partijdig", c.code, 10) for c in criteria]
    [row] = rank([Candidate("a-p1", "a", "open", scores, {"partijdig"})], criteria)
    assert row["totaal"] == 5.0
