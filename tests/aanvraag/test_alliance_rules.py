"""Alliances over time: partners join and leave, coordination moves; through the handlers with fakes."""

from __future__ import annotations

from datetime import date

import pytest

from aanvraag.application.alliance_membership import join_alliance, leave_alliance, record_coordination
from aanvraag.application.commands import JoinAlliance, LeaveAlliance, RecordCoordination
from aanvraag.application.register_alliance import register_alliance
from allianties_shared.domain import AccessDenied, NotFound, Role, RuleViolation
from tests.aanvraag.examples import ALLIANCE_ID, register
from tests.aanvraag.fakes import Intake, amsterdam

LEAD = Intake.as_(Role.PENVOERDER, ALLIANCE_ID)
ZAMI = {"kvk": "45678901", "naam": "Stichting Zami"}


@pytest.fixture
async def intake() -> Intake:
    intake = Intake(amsterdam(2020, 11, 2, 10, 0))
    await register_alliance(register(), LEAD, intake.deps)
    return intake


def coordination(*kvks: str, actors=("coordinator-1",)) -> RecordCoordination:
    contacts = [{"naam": f"Coördinator {i}", "email": f"c{i}@example.org", "taal": "en"} for i, _ in enumerate(kvks)]
    return RecordCoordination(organisaties=list(kvks), actoren=list(actors), contactpersonen=contacts)


async def test_a_partner_joins_later_with_a_date_and_one_organisation_may_be_in_several_alliances(intake):
    alliance = await join_alliance(ALLIANCE_ID, JoinAlliance(organisatie=ZAMI, per=date(2021, 1, 15)), LEAD, intake.deps)
    assert "45678901" in alliance.partners
    await register_alliance(register("tweede-alliantie"), Intake.as_(Role.PENVOERDER, "tweede-alliantie"), intake.deps)
    assert intake.names() == ["alliantie-geregistreerd", "partner-toegetreden", "alliantie-geregistreerd"]
    assert intake.store.log[1].data["per"] == "2021-01-15"


async def test_a_member_cannot_join_twice(intake):
    with pytest.raises(RuleViolation) as error:
        await join_alliance(ALLIANCE_ID, JoinAlliance(organisatie={"kvk": "23456789", "naam": "MarokQueer"}), LEAD, intake.deps)
    assert error.value.rule == "partner-once"


async def test_a_partner_leaves_but_never_below_two_partners(intake):
    await join_alliance(ALLIANCE_ID, JoinAlliance(organisatie=ZAMI), LEAD, intake.deps)
    alliance = await leave_alliance(ALLIANCE_ID, "23456789", LeaveAlliance(per=date(2021, 6, 1)), LEAD, intake.deps)
    assert sorted(alliance.partners) == ["34567890", "45678901"]
    with pytest.raises(RuleViolation) as error:
        await leave_alliance(ALLIANCE_ID, "34567890", LeaveAlliance(), LEAD, intake.deps)
    assert error.value.rule == "alliance-minimum-partners"
    assert intake.names()[-1] == "partner-vertrokken"


async def test_the_penvoerder_cannot_leave_its_own_alliance(intake):
    with pytest.raises(RuleViolation) as error:
        await leave_alliance(ALLIANCE_ID, "12345678", LeaveAlliance(), LEAD, intake.deps)
    assert error.value.rule == "partner-member"


async def test_coordination_may_be_shared_by_two_partners_who_then_cannot_leave(intake):
    await join_alliance(ALLIANCE_ID, JoinAlliance(organisatie=ZAMI), LEAD, intake.deps)
    alliance = await record_coordination(ALLIANCE_ID, coordination("23456789", "34567890"), LEAD, intake.deps)
    assert alliance.coordinating == ["23456789", "34567890"]
    assert intake.store.log[-1].name == "coordinatie-vastgelegd"
    assert "Coördinator" not in str(intake.store.log[-1].data), "contact persons are sealed"
    with pytest.raises(RuleViolation) as error:
        await leave_alliance(ALLIANCE_ID, "23456789", LeaveAlliance(), LEAD, intake.deps)
    assert error.value.rule == "partner-coordinating"


async def test_coordination_lies_with_members_only_and_is_decided_by_the_penvoerder(intake):
    with pytest.raises(RuleViolation) as error:
        await record_coordination(ALLIANCE_ID, coordination("99999999"), LEAD, intake.deps)
    assert error.value.rule == "coordination-members" and error.value.field == "organisaties"
    with pytest.raises(AccessDenied):
        await record_coordination(ALLIANCE_ID, coordination("23456789"), Intake.as_(Role.PARTNER, ALLIANCE_ID), intake.deps)


async def test_a_plain_partner_cannot_change_the_membership(intake):
    with pytest.raises(AccessDenied) as error:
        await join_alliance(ALLIANCE_ID, JoinAlliance(organisatie=ZAMI), Intake.as_(Role.PARTNER, ALLIANCE_ID), intake.deps)
    assert error.value.rule == "alliance-lead"


async def test_a_single_organisation_cannot_register(intake):
    alone = register("alleen").model_copy(update={"partners": register().partners[:1]})
    with pytest.raises(RuleViolation) as error:
        await register_alliance(alone, Intake.as_(Role.PENVOERDER, "alleen"), intake.deps)
    assert error.value.rule == "alliance-minimum-partners"


async def test_another_alliances_penvoerder_does_not_find_it(intake):
    with pytest.raises(NotFound):
        await join_alliance(ALLIANCE_ID, JoinAlliance(organisatie=ZAMI), Intake.as_(Role.PENVOERDER, "andere"), intake.deps)


async def test_one_organisation_cannot_appear_twice_in_an_alliance(intake):
    twice = register("dubbel").model_copy(update={"partners": [register().penvoerder, *register().partners]})
    with pytest.raises(RuleViolation) as error:
        await register_alliance(twice, Intake.as_(Role.PENVOERDER, "dubbel"), intake.deps)
    assert error.value.rule == "alliance-distinct-organisations"
