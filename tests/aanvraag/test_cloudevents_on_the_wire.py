"""What another gemeente system sees on a topic: CloudEvents 1.0, structured mode, NL GOV profile."""

from __future__ import annotations

import json
import re
import uuid

from allianties_shared.events.registry import EventRegistry
from tests.aanvraag.conftest import ALLIANCE
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
    assert (await intake.http.get("/schemas/nl.amsterdam.subsidies.allianties.aanvraag-ingediend.v1.json")).status_code == 404
