"""The embedded broker forgets everything when it restarts; republishing from the stores recovers."""

from __future__ import annotations

import uuid
from contextlib import AsyncExitStack

import pytest

from aanvraag.bootstrap import bootstrap as aanvraag
from aanvraag.settings import AanvraagSettings
from allianties_infra.embedded import EmbeddedKafka, free_port
from allianties_shared.settings import KafkaSettings, PlatformSettings
from tests.aanvraag.complete_application import complete_application
from tests.aanvraag.conftest import ALLIANCE
from tests.support import eventually, running_service
from tests.toekenning.support import score_and_grant
from toekenning.bootstrap import bootstrap as toekenning
from toekenning.settings import ToekenningSettings
from verantwoording.bootstrap import bootstrap as verantwoording
from verantwoording.settings import VerantwoordingSettings

PENVOERDER = {"role": "penvoerder", "alliances": (ALLIANCE["alliantie_id"],)}


@pytest.fixture
def own_broker(tmp_path):
    broker = EmbeddedKafka(port=free_port(), log_file=tmp_path / "tansu.log")
    broker.start()
    yield broker
    broker.stop()


async def submit(intake, application_id: str) -> None:
    await complete_application(intake, application_id, ALLIANCE["alliantie_id"], prioriteiten=[1, 5], bedrag_per_jaar_centen=9_000_000)
    assert (await intake.request("POST", f"/v1/aanvragen/{application_id}/indienen", **PENVOERDER)).status_code == 200


async def test_after_a_broker_restart_and_a_republish_downstream_state_is_complete_and_unchanged(postgres, own_broker):
    kafka = KafkaSettings(
        bootstrap_servers=own_broker.bootstrap_servers, session_timeout_ms=2_000, heartbeat_interval_ms=300, partitions=3,
        metadata_max_age_ms=1_000,
    )
    urls = {}
    for service in ("aanvraag", "toekenning", "verantwoording"):
        name = f"{service}_{uuid.uuid4().hex[:8]}"
        postgres.create_database(name)
        urls[service] = postgres.dsn(name)
    async with AsyncExitStack() as stack:
        settable = PlatformSettings(settable_clock=True)
        intake = await stack.enter_async_context(
            running_service(aanvraag(AanvraagSettings(database_url=urls["aanvraag"])), kafka, platform=settable)
        )
        decisions = await stack.enter_async_context(running_service(toekenning(ToekenningSettings(database_url=urls["toekenning"])), kafka))
        dossiers = await stack.enter_async_context(
            running_service(verantwoording(VerantwoordingSettings(database_url=urls["verantwoording"])), kafka)
        )
        assert (await intake.request("POST", "/v1/allianties", json=ALLIANCE, **PENVOERDER)).status_code == 201
        await submit(intake, "voor-herstart")

        async def assessments(count: int):
            async def check() -> bool:
                return len((await decisions.request("GET", "/v1/beoordelingen", role="auditor")).json()) == count

            return check

        await eventually(await assessments(2), what="assessments before the restart")
        granted = await score_and_grant(decisions, "voor-herstart-p1", 9_000_000, periode_start="2021-06-01", periode_eind="2022-05-31")
        assert granted.status_code == 200, granted.text

        async def one_dossier() -> bool:
            return len((await dossiers.request("GET", "/v1/dossiers", role="auditor")).json()) == 1

        await eventually(one_dossier, what="the dossier before the restart")
        before = {
            "toekenning": [e.event_id for e in await decisions.service.store.read_all()],
            "verantwoording": [e.event_id for e in await dossiers.service.store.read_all()],
        }

        own_broker.restart()  # every topic, message and committed offset is gone

        for client in (intake, decisions, dossiers):
            response = await client.request("POST", "/ops/republish", role="operator", json={"from_position": 0})
            assert response.status_code == 200, response.text
        await submit(intake, "na-herstart")

        await eventually(await assessments(4), timeout=30, what="the new application assessed after the restart")

        async def republished_seen_as_duplicates() -> bool:
            counts = dossiers.service.consumers[0].consumer.counts
            return counts.get("duplicate", 0) >= 1

        await eventually(republished_seen_as_duplicates, timeout=30, what="the republished grant reaching verantwoording again")
        after_toekenning = [e.event_id for e in await decisions.service.store.read_all()]
        assert after_toekenning[: len(before["toekenning"])] == before["toekenning"]
        assert len(after_toekenning) == len(before["toekenning"]) + 2, "only the new application's two assessments"
        assert [e.event_id for e in await dossiers.service.store.read_all()] == before["verantwoording"]
