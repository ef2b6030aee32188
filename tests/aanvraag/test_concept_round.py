"""The concept round: a concept Theory of Change in Nov-Dec 2020, feedback in January 2021."""

from __future__ import annotations

import pytest

from aanvraag.application.commands import GiveFeedback, HandInConcept
from aanvraag.application.concept_round import give_feedback, hand_in_concept
from aanvraag.application.register_alliance import register_alliance
from allianties_shared.domain import AccessDenied, NotFound, Role, RuleViolation
from tests.aanvraag.examples import ALLIANCE_ID, document_body, register
from tests.aanvraag.fakes import Intake, amsterdam

LEAD = Intake.as_(Role.PENVOERDER, ALLIANCE_ID)
ACCOUNTHOUDER = Intake.as_(Role.ACCOUNTHOUDER)
CONCEPT = HandInConcept.model_validate({**document_body("theory-of-change", b"concept ToC"), "alliantie_id": ALLIANCE_ID})
FEEDBACK = GiveFeedback(feedback="Maak de beoogde verandering meetbaar.")


@pytest.fixture
async def intake() -> Intake:
    intake = Intake(amsterdam(2020, 11, 20, 20, 30))
    await register_alliance(register(), LEAD, intake.deps)
    return intake


async def test_a_concept_in_december_gets_feedback_in_january(intake):
    intake.at(amsterdam(2020, 12, 31, 23, 59))
    concept = await hand_in_concept("2021", CONCEPT, LEAD, intake.deps)
    assert concept.document.soort.value == "theory-of-change"
    intake.at(amsterdam(2021, 1, 12, 10, 0))
    answered = await give_feedback("2021", ALLIANCE_ID, FEEDBACK, ACCOUNTHOUDER, intake.deps)
    assert answered.feedback == FEEDBACK.feedback
    assert intake.names()[-2:] == ["concept-toc-ingediend", "feedback-gegeven"]


async def test_a_concept_after_the_concept_window_is_refused(intake):
    intake.at(amsterdam(2021, 1, 1, 0, 0))
    with pytest.raises(RuleViolation) as error:
        await hand_in_concept("2021", CONCEPT, LEAD, intake.deps)
    assert error.value.rule == "concept-window"
    assert intake.names() == ["alliantie-geregistreerd"] and intake.documents.contents == {}


async def test_the_concept_round_takes_only_a_theory_of_change(intake):
    other = HandInConcept.model_validate({**document_body("begroting"), "alliantie_id": ALLIANCE_ID})
    with pytest.raises(RuleViolation) as error:
        await hand_in_concept("2021", other, LEAD, intake.deps)
    assert error.value.rule == "concept-theory-of-change"


async def test_feedback_outside_the_feedback_window_or_by_an_alliance_is_refused(intake):
    await hand_in_concept("2021", CONCEPT, LEAD, intake.deps)
    with pytest.raises(RuleViolation) as error:
        await give_feedback("2021", ALLIANCE_ID, FEEDBACK, ACCOUNTHOUDER, intake.deps)
    assert error.value.rule == "feedback-window"
    intake.at(amsterdam(2021, 1, 12, 10, 0))
    with pytest.raises(AccessDenied):
        await give_feedback("2021", ALLIANCE_ID, FEEDBACK, LEAD, intake.deps)


async def test_feedback_on_a_concept_that_was_never_handed_in_is_refused(intake):
    intake.at(amsterdam(2021, 1, 12, 10, 0))
    with pytest.raises(NotFound) as error:
        await give_feedback("2021", ALLIANCE_ID, FEEDBACK, ACCOUNTHOUDER, intake.deps)
    assert error.value.rule == "concept-exists"
