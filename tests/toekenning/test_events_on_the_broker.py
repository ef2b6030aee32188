"""Consumed intake events and produced decisions, over the real broker; the decision-deadline ticker."""

from __future__ import annotations

import json
from datetime import datetime

from aiokafka import AIOKafkaConsumer

from allianties_shared.contracts.aanvraag import (
    AanvraagAangevuld,
    AanvraagIngetrokken,
    AanvraagNietOntvankelijk,
    AanvullingGevraagd,
)
from allianties_shared.regulation.model import AMSTERDAM
from allianties_shared.runtime.tickers import tick_once
from tests.support import eventually
from tests.toekenning.support import intake_event, publish, score_and_grant, submitted, wait_for_assessments


async def assessment(client, id: str) -> dict:
    return (await client.request("GET", f"/v1/beoordelingen/{id}", role="auditor")).json()


async def test_a_completion_request_pauses_the_deadline_and_completion_moves_it_by_the_days_between_the_intakes_events(decisions, kafka_settings):
    await publish(kafka_settings, submitted("c1", "alliantie-een", [1, 2]))
    await wait_for_assessments(decisions, ["c1-p1", "c1-p2"])
    assert (await assessment(decisions, "c1-p1"))["besluittermijn"] == "2021-06-01"
    asked = AanvullingGevraagd(aanvraag_id="c1", alliantie_id="alliantie-een", reden="Begroting ontbreekt", termijn="2021-05-04")
    await publish(kafka_settings, intake_event(asked, "c1", version=3, at=datetime(2021, 4, 20, 10, 0, tzinfo=AMSTERDAM)))

    async def paused() -> bool:
        return all([(await assessment(decisions, id))["gepauzeerd"] for id in ("c1-p1", "c1-p2")])

    await eventually(paused, what="both assessments paused")
    refused = await decisions.request("POST", "/v1/beoordelingen/c1-p1/besluit", role="besluitvormer", json={"besluit": "afgewezen", "motivering": "x"})
    assert (refused.status_code, refused.json()["rule"]) == (422, "decide-after-completion")
    completed = AanvraagAangevuld(aanvraag_id="c1", alliantie_id="alliantie-een")
    await publish(kafka_settings, intake_event(completed, "c1", version=4, at=datetime(2021, 4, 30, 10, 0, tzinfo=AMSTERDAM)))

    async def resumed() -> bool:
        found = await assessment(decisions, "c1-p2")
        return not found["gepauzeerd"] and found["besluittermijn"] == "2021-06-11"

    await eventually(resumed, what="the deadline moved by the ten paused days")


async def test_a_withdrawn_or_inadmissible_application_ends_its_assessments(decisions, kafka_settings):
    await publish(kafka_settings, submitted("w1", "alliantie-een", [3]), submitted("n1", "alliantie-twee", [3]))
    await wait_for_assessments(decisions, ["w1-p3", "n1-p3"])
    await publish(
        kafka_settings,
        intake_event(AanvraagIngetrokken(aanvraag_id="w1", alliantie_id="alliantie-een", reden="Alliantie valt uiteen"), "w1", version=3),
        intake_event(AanvraagNietOntvankelijk(aanvraag_id="n1", alliantie_id="alliantie-twee", reden="Te laat"), "n1", version=3),
    )

    async def ended() -> bool:
        return [(await assessment(decisions, id))["beeindigd_door"] for id in ("w1-p3", "n1-p3")] == ["ingetrokken", "niet-ontvankelijk"]

    await eventually(ended, what="both assessments ended")
    refused = await decisions.request("POST", "/v1/beoordelingen/w1-p3/besluit", role="besluitvormer", json={"besluit": "afgewezen", "motivering": "x"})
    assert (refused.status_code, refused.json()["rule"]) == (422, "assessment-decided-once")
    ranking = (await decisions.request("GET", "/v1/rondes/2021/prioriteiten/3/rangschikking", role="besluitvormer")).json()
    assert ranking["rangschikking"] == []


async def test_a_decision_that_would_be_late_is_flagged_once_by_the_ticker(decisions, kafka_settings):
    await publish(kafka_settings, submitted("t1", "alliantie-een", [6]))
    await wait_for_assessments(decisions, ["t1-p6"])
    await tick_once(decisions.service)
    assert not (await assessment(decisions, "t1-p6"))["besluittermijn_dreigt_te_verlopen"]
    decisions.service.clock.set(datetime(2021, 5, 20, 10, 0, tzinfo=AMSTERDAM))
    await tick_once(decisions.service)
    await tick_once(decisions.service)
    assert (await assessment(decisions, "t1-p6"))["besluittermijn_dreigt_te_verlopen"]
    flags = [e for e in await decisions.service.store.read_all() if e.name == "besluittermijn-dreigt-te-verlopen"]
    assert [(f.data["besluittermijn"], f.data["dagen_resterend"]) for f in flags] == [("2021-06-01", 12)]


async def test_a_grant_goes_onto_the_topic_as_the_v2_beschikking_keyed_by_its_stream(decisions, kafka_settings):
    await publish(kafka_settings, submitted("g1", "alliantie-een", [2]))
    await wait_for_assessments(decisions, ["g1-p2"])
    assert (await score_and_grant(decisions, "g1-p2", 18_500_000)).status_code == 200
    consumer = AIOKafkaConsumer(kafka_settings.topic("toekenning"), bootstrap_servers=kafka_settings.bootstrap_servers, auto_offset_reset="earliest")
    await consumer.start()
    try:
        found: dict[str, tuple[bytes, dict]] = {}

        async def grant_published() -> bool:
            for records in (await consumer.getmany(timeout_ms=200)).values():
                for record in records:
                    event = json.loads(record.value)
                    found[event["type"]] = (record.key, event)
            return "nl.amsterdam.subsidies.allianties.subsidie-verleend.v2" in found

        await eventually(grant_published, what="subsidie-verleend on the topic")
    finally:
        await consumer.stop()
    key, event = found["nl.amsterdam.subsidies.allianties.subsidie-verleend.v2"]
    assert key == b"beoordeling-g1-p2" and event["subject"] == "beoordeling-g1-p2"
    assert event["data"]["beschikking_nummer"] == "BS-g1-p2"
    assert (event["data"]["periode_start"], event["data"]["periode_eind"]) == ("2021-06-01", "2022-05-31")
    assert len(event["data"]["voorschotten"]) == 4
    assert "nl.amsterdam.subsidies.allianties.besluit-verzonden.v1" in found
    assert "nl.amsterdam.subsidies.allianties.beoordeling-geopend.v2" in found
