"""What another gemeente system sees on a topic: CloudEvents 1.0, structured mode, NL GOV profile."""

from __future__ import annotations

import json
import re
import uuid

from allianties_shared.contracts.aanvraag import registry
from allianties_shared.events.registry import EventRegistry
from tests.aanvraag.complete_application import complete_application
from tests.aanvraag.examples import ALLIANCE, ALLIANCE_ID
from tests.flow.test_delivery_faults import read_topic
from tests.support import eventually


async def test_published_events_are_structured_cloudevents_keyed_by_their_stream(intake, kafka_settings):
    await intake.request("POST", "/v1/allianties", role="penvoerder", alliances=("queer-amsterdam",), json=ALLIANCE)

    async def published() -> bool:
        return intake.service.relay.published == 1

    await eventually(published, what="the relay to publish")
    [record] = await read_topic(kafka_settings, kafka_settings.topic("aanvraag"), expected=1)
    assert dict(record.headers)["content-type"] == b"application/cloudevents+json; charset=UTF-8"
    event = json.loads(record.value)
    assert record.key.decode() == event["subject"] == "alliantie-queer-amsterdam"
    assert event["specversion"] == "1.0"
    assert uuid.UUID(event["id"])
    assert re.fullmatch(r"urn:nld:oin:[0-9]{20}:systeem:aanvraag", event["source"])
    assert event["type"] == "nl.amsterdam.subsidies.allianties.alliantie-geregistreerd.v1"
    assert event["sequence"] == "1" and event["sequencetype"] == "Integer"
    assert event["datacontenttype"] == "application/json"
    assert event["dataschema"].endswith("/schemas/nl.amsterdam.subsidies.allianties.alliantie-geregistreerd.v1.json")
    assert event["actorrole"] == "penvoerder" and event["correlationid"]
    context_attributes = json.dumps({k: v for k, v in event.items() if k != "data"})
    assert "Sam de Vries" not in context_attributes and "sam@example.org" not in context_attributes
    assert "Sam de Vries" not in record.value.decode(), "names travel sealed, also in data"


async def test_the_dataschema_of_an_event_is_served_by_its_producer(intake):
    ce_type = EventRegistry.cloudevent_type("aanvraag-ingediend", 2)
    schema = (await intake.http.get(f"/schemas/{ce_type}.json")).json()
    assert schema["$id"] == ce_type
    assert "prioriteiten" in schema["properties"]
    v1 = await intake.http.get("/schemas/nl.amsterdam.subsidies.allianties.aanvraag-ingediend.v1.json")
    assert "prioriteit" in v1.json()["properties"], "v1 events stay on the topic, so their schema stays served"
    assert (await intake.http.get("/schemas/nl.amsterdam.subsidies.allianties.aanvraag-ingediend.v3.json")).status_code == 404


async def test_submission_completion_and_withdrawal_reach_the_topic_in_the_shape_the_contracts_define(settable_intake, kafka_settings):
    intake = settable_intake
    lead = {"role": "penvoerder", "alliances": (ALLIANCE_ID,)}
    await intake.request("POST", "/v1/allianties", json=ALLIANCE, **lead)
    await complete_application(intake, "qa-2021", ALLIANCE_ID, prioriteiten=[5], bedrag_per_jaar_centen=10_000_000)
    assert (await intake.request("POST", "/v1/aanvragen/qa-2021/indienen", **lead)).status_code == 200
    assert (await intake.request("POST", "/v1/aanvragen/qa-2021/aanvulling", json={"reden": "Graag de samenwerkingsovereenkomst getekend."}, role="accounthouder")).status_code == 200
    assert (await intake.request("POST", "/v1/aanvragen/qa-2021/aanvullen", **lead)).status_code == 200
    assert (await intake.request("POST", "/v1/aanvragen/qa-2021/intrekken", json={"reden": "Toch niet."}, **lead)).status_code == 200
    expected = 1 + 1 + 5 + 1 + 4

    async def published() -> bool:
        return intake.service.relay.published == expected

    await eventually(published, what="the relay to publish every event")
    records = await read_topic(kafka_settings, kafka_settings.topic("aanvraag"), expected=expected)
    on_the_application = [json.loads(r.value) for r in records if r.key == b"aanvraag-qa-2021"]
    assert [int(e["sequence"]) for e in on_the_application] == list(range(1, 12)), "one stream, in order, on one partition"
    by_type = {EventRegistry.parse_cloudevent_type(e["type"])[0]: e for e in on_the_application}
    for name in ("aanvraag-ingediend", "aanvulling-gevraagd", "aanvraag-aangevuld", "aanvraag-ingetrokken", "begroting-vastgelegd"):
        model = registry.model(name)
        assert by_type[name]["type"].endswith(f".v{model.version}")
        assert model.model_validate(by_type[name]["data"]).aanvraag_id == "qa-2021"
    assert by_type["aanvulling-gevraagd"]["data"]["termijn"] == "2021-03-29"
    assert by_type["document-toegevoegd"]["data"]["document"]["sha256"]
    assert "inhoud_base64" not in json.dumps(by_type["document-toegevoegd"])
