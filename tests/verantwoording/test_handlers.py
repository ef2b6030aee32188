"""The use cases through their handlers, with an in-memory store and a fake vault (fast, no I/O)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from allianties_shared.application import CommandContext
from allianties_shared.contracts import toekenning
from allianties_shared.contracts.verantwoording import registry
from allianties_shared.domain import AccessDenied, Actor, NotFound, Role
from allianties_shared.domain.personal_data import Sealed
from allianties_shared.eventstore.memory import InMemoryEventStore
from tests.verantwoording.builders import ALLIANCE, BUDGET, PLAN, at, cloud_event, grant
from verantwoording.application.accounthouders import assign_accounthouder
from verantwoording.application.commands import AssignAccounthouder, RecordPlan, SubmitReport
from verantwoording.application.flag_overdue_terms import flag_overdue_terms
from verantwoording.application.ports import Dependencies
from verantwoording.application.record_plan import record_plan
from verantwoording.application.reports import accept_report, submit_report
from verantwoording.application.when_subsidy_is_granted_open_dossier import when_subsidy_is_granted_open_dossier

DOSSIER = "regenboog-2021-p2"


class FakeVault:
    async def seal(self, subject: uuid.UUID, value: str) -> Sealed:
        return Sealed(subject=subject, ciphertext=f"sealed:{len(value)}")


class StoppedClock:
    def __init__(self, moment: datetime) -> None:
        self.at = moment

    def __call__(self) -> datetime:
        return self.at


def as_(role: Role, actor: str | None = None, alliances: tuple[str, ...] = ()) -> CommandContext:
    return CommandContext(Actor(id=actor or f"{role}-1", role=role, alliances=frozenset(alliances)), correlation_id="c-test")


@pytest.fixture
async def deps() -> Dependencies:
    deps = Dependencies(store=InMemoryEventStore(), personal_data=FakeVault(), clock=StoppedClock(at(2021, 6, 2)))
    event = grant(DOSSIER)
    async with deps.store.transaction() as tx:
        await when_subsidy_is_granted_open_dossier(tx, cloud_event(event, f"beoordeling-{DOSSIER}"), event)
    await record_plan(DOSSIER, RecordPlan(activiteitenplan=PLAN, begroting=BUDGET), as_(Role.PENVOERDER, alliances=(ALLIANCE,)), deps)
    return deps


async def test_a_version_one_grant_is_upcast_and_opens_a_dossier_with_the_2021_regime():
    old = grant(DOSSIER).model_dump(mode="json", exclude={"beschikking_nummer", "verlengingsintentie", "max_coordinatie_procent",
                                                         "verplichtingen", "voorschotten"})
    event = toekenning.registry.decode("subsidie-verleend", 1, old)
    store = InMemoryEventStore()
    async with store.transaction() as tx:
        await when_subsidy_is_granted_open_dossier(tx, cloud_event(event, f"beoordeling-{DOSSIER}"), event)
    opened = registry.decode("dossier-geopend", 2, (await store.read_all())[0].data)
    assert opened.max_coordinatie_procent == 15 and opened.voorschotten[0].bedrag_centen == 18_000_000


def test_a_version_one_dossier_geopend_is_upcast_on_read():
    v1 = {"dossier_id": "d", "alliantie_id": "a", "beoordeling_id": "d", "aanvraag_id": "x", "bedrag_per_jaar_centen": 100,
          "periode_start": "2021-06-01", "periode_eind": "2022-05-31"}
    upcast = registry.decode("dossier-geopend", 1, v1)
    assert upcast.beschikking_nummer == "BS-d" and upcast.toegekend_totaal_centen == 100


async def test_only_the_assigned_accounthouder_accepts_a_report(deps):
    await assign_accounthouder(ALLIANCE, AssignAccounthouder(accounthouder_id="ah-1", naam="Fatima"), as_(Role.BESLUITVORMER), deps)
    deps.clock.at = at(2021, 12, 2)
    progress = SubmitReport(voortgang=[{"onderdeel": p, "toelichting": "ok"} for p in PLAN])
    await submit_report(DOSSIER, "halfjaar-1", progress, as_(Role.PENVOERDER, alliances=(ALLIANCE,)), deps)
    with pytest.raises(AccessDenied) as denied:
        await accept_report(DOSSIER, "halfjaar-1", as_(Role.ACCOUNTHOUDER, "ah-2"), deps)
    assert denied.value.rule == "accounthouder-current"
    accepted = await accept_report(DOSSIER, "halfjaar-1", as_(Role.ACCOUNTHOUDER, "ah-1"), deps)
    assert accepted.terms["halfjaar-1"].status == "geaccepteerd"


async def test_another_alliance_gets_not_found_and_a_partner_may_not_submit_a_report(deps):
    progress = SubmitReport(voortgang=[{"onderdeel": p, "toelichting": "ok"} for p in PLAN])
    with pytest.raises(NotFound):
        await submit_report(DOSSIER, "halfjaar-1", progress, as_(Role.PENVOERDER, alliances=("een-andere",)), deps)
    with pytest.raises(AccessDenied) as denied:
        await submit_report(DOSSIER, "halfjaar-1", progress, as_(Role.PARTNER, alliances=(ALLIANCE,)), deps)
    assert denied.value.rule == "role"


async def test_the_ticker_flags_each_overdue_item_once_however_often_it_runs(deps):
    moment = datetime(2021, 12, 31, 12, tzinfo=UTC)
    assert await flag_overdue_terms(DOSSIER, moment, deps) == 3
    assert await flag_overdue_terms(DOSSIER, moment, deps) == 0
    flagged = [e for e in await deps.store.read_all() if e.name == "termijn-overschreden"]
    assert [e.data["termijn_id"] for e in flagged] == ["kwartaal-1", "kwartaal-2", "halfjaar-1"]
    assert flagged[0].metadata.actor_role == "systeem"
