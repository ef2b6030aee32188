"""The use cases through their handlers, on the in-memory event store and a settable clock: fast, no I/O."""

from __future__ import annotations

from datetime import datetime

import pytest

from allianties_shared.application import CommandContext
from allianties_shared.contracts.aanvraag import registry as intake_registry
from allianties_shared.domain import AccessDenied, Actor, Role, RuleViolation
from allianties_shared.domain.clock import SettableClock
from allianties_shared.eventstore.memory import InMemoryEventStore
from allianties_shared.regulation.loader import load_regulation
from allianties_shared.regulation.model import AMSTERDAM
from tests.toekenning.support import CRITERIA, submitted
from toekenning.application.assess import assign_assessor, give_scores
from toekenning.application.commands import AssignAssessor, Decide, DeclareUnfunded, GiveScores, Score
from toekenning.application.decide import decide, declare_unfunded
from toekenning.application.ports import Dependencies
from toekenning.application.when_application_is_submitted_open_assessment import (
    when_application_is_submitted_open_assessment,
)


def as_(role: Role, id: str | None = None) -> CommandContext:
    return CommandContext(actor=Actor(id=id or f"{role}-1", role=role), correlation_id="c-1")


@pytest.fixture
async def deps() -> Dependencies:
    clock = SettableClock(datetime(2021, 4, 20, 10, 0, tzinfo=AMSTERDAM))
    deps = Dependencies(store=InMemoryEventStore(clock), regulation=load_regulation(), clock=clock)
    for application, priority in (("a", 7), ("b", 7), ("c", 1)):
        event = submitted(application, f"alliantie-{application}", [priority])
        async with deps.store.transaction() as tx:
            await when_application_is_submitted_open_assessment(tx, event, event_data(event), deps)
    return deps


def event_data(envelope):
    return intake_registry.decode("aanvraag-ingediend", 2, envelope.data)


async def scored(deps: Dependencies, id: str, priority: int) -> None:
    await assign_assessor("2021", priority, AssignAssessor(beoordelaar_id="b1"), as_(Role.ACCOUNTHOUDER), deps)
    scores = GiveScores(scores=[Score(criterium=c, score=7, motivering="Onderbouwd") for c in CRITERIA])
    await give_scores(id, scores, as_(Role.BEOORDELAAR, "b1"), deps)


async def test_a_submission_opens_one_assessment_per_priority_with_the_rounds_decision_date(deps):
    opened = [e for e in deps.store.log if e.name == "beoordeling-geopend"]
    assert [(e.stream_id, e.data["besluittermijn"]) for e in opened] == [
        ("beoordeling-a-p7", "2021-06-01"), ("beoordeling-b-p7", "2021-06-01"), ("beoordeling-c-p1", "2021-06-01"),
    ]


async def test_a_priority_declared_unfunded_gets_no_grant(deps):
    await scored(deps, "a-p7", 7)
    await declare_unfunded("2021", 7, DeclareUnfunded(motivering="Geen passend plan voor mannenemancipatie"), as_(Role.BESLUITVORMER), deps)
    with pytest.raises(RuleViolation) as refused:
        await decide("a-p7", Decide(besluit="verleend", bedrag_per_jaar_centen=1_000_000), as_(Role.BESLUITVORMER), deps)
    assert refused.value.rule == "priority-unfunded"
    assert not [e for e in deps.store.log if e.name == "subsidie-verleend"]


async def test_a_grant_records_the_decision_and_the_budget_commitment_together(deps):
    await scored(deps, "c-p1", 1)
    before = len(deps.store.log)
    await decide("c-p1", Decide(besluit="verleend", bedrag_per_jaar_centen=14_500_000), as_(Role.BESLUITVORMER), deps)
    assert [e.name for e in deps.store.log[before:]] == ["subsidie-verleend", "besluit-verzonden", "budget-vastgelegd"]
    assert len({e.transaction_id for e in deps.store.log[before:]}) == 1


async def test_an_assessor_may_not_decide_and_a_decision_maker_may_not_score(deps):
    with pytest.raises(AccessDenied):
        await decide("c-p1", Decide(besluit="afgewezen", motivering="x"), as_(Role.BEOORDELAAR), deps)
    with pytest.raises(AccessDenied):
        await give_scores("c-p1", GiveScores(scores=[Score(criterium="begroting", score=5, motivering="x")]), as_(Role.BESLUITVORMER), deps)
