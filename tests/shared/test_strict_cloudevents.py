"""CloudEvents 1.0 in JSON, strictly: what the format forbids is refused on reading (and dead-lettered
with the reason) and cannot be written. Every event a demo round put on the topics is read alike by
the CloudEvents SDK (written by others) and by us."""

from __future__ import annotations

import gzip
import json
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cloudevents.core.formats.json import JSONFormat
from pydantic import ValidationError

from allianties_shared.events.cloudevents_json import NotACloudEvent, check_cloudevent
from allianties_shared.events.envelope import CloudEvent, EnvelopeError
from allianties_shared.events.recorded import EventMetadata, RecordedEvent
from allianties_shared.eventstore.memory import InMemoryEventStore
from allianties_shared.messaging.consumer import IdempotentConsumer
from allianties_shared.messaging.dead_letter import FailedMessage

CORPUS = Path(__file__).parents[2] / "bench" / "demo_round_2021.jsonl.gz"


def demo_events() -> list[bytes]:
    with gzip.open(CORPUS, "rb") as lines:
        return [line.rstrip(b"\n") for line in lines if line.strip()]


def a_valid_event() -> dict:
    return json.loads(demo_events()[0])


def changed(**members) -> bytes:
    event = a_valid_event()
    for name, value in members.items():
        if value is ...:
            event.pop(name, None)
        else:
            event[name] = value
    return json.dumps(event).encode()


INVALID = {
    "no specversion": changed(specversion=...),
    "specversion 0.3": changed(specversion="0.3"),
    "no id": changed(id=...),
    "an empty type": changed(type=""),
    "no source": changed(source=...),
    "an empty subject": changed(subject=""),
    "an empty dataschema": changed(dataschema=""),
    "a relative dataschema": changed(dataschema="schemas/x.json"),
    "an extension name in capitals": changed(actorRole="penvoerder"),
    "an extension name with a dot": changed(**{"nl.actor": "x"}),
    "an extension name with a dash": changed(**{"actor-role": "x"}),
    "an extension name with an underscore": changed(actor_role="x"),
    "a float extension value": changed(weight=1.5),
    "an object as extension value": changed(extra={"a": 1}),
    "a list as extension value": changed(extra=[1, 2]),
    "an integer beyond 32 bits": changed(counter=2**31),
    "data and data_base64 together": changed(data_base64="eyJ9"),
    "a time without seconds": changed(time="2021-03-01T10:00Z"),
    "a time without an offset": changed(time="2021-03-01T10:00:00"),
    "a date as time": changed(time="2021-03-01"),
    "an impossible time": changed(time="2021-02-30T10:00:00Z"),
    "a number as time": changed(time=1614592800),
    "an empty datacontenttype": changed(datacontenttype=""),
    "not an object": b"[1, 2, 3]",
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_a_record_that_breaks_the_cloudevents_json_format_is_refused_with_the_rule(case):
    with pytest.raises(EnvelopeError, match="not a CloudEvent 1.0|not a valid CloudEvent"):
        CloudEvent.from_bytes(INVALID[case])


def test_the_reason_names_what_is_wrong():
    with pytest.raises(NotACloudEvent, match="'actorRole'.*lower-case"):
        check_cloudevent(json.loads(INVALID["an extension name in capitals"]))
    with pytest.raises(NotACloudEvent, match="'weight' is a number with a fraction"):
        check_cloudevent(json.loads(INVALID["a float extension value"]))
    with pytest.raises(NotACloudEvent, match="'time'.*seconds and an offset"):
        check_cloudevent(json.loads(INVALID["a time without seconds"]))


def test_null_means_unset_and_unknown_valid_extensions_are_kept():
    event = CloudEvent.from_bytes(changed(causationid=None, traceparent="00-abc-def-01", retries=3, urgent=True))
    assert event.causationid is None
    assert (event.model_extra or {}) == {"traceparent": "00-abc-def-01", "retries": 3, "urgent": True}


def test_lower_case_t_and_z_are_rfc_3339_too():
    assert CloudEvent.from_bytes(changed(time="2021-03-01t10:00:00.5z")).time == datetime(2021, 3, 1, 10, 0, 0, 500000, tzinfo=UTC)


async def test_the_consumer_dead_letters_every_such_record_as_unreadable_and_goes_on():
    sent: list[tuple[int, str, str]] = []

    class DeadLetters:
        async def send(self, message, *, reason, error, attempts):
            sent.append((message.offset, reason, error))

    consumer = IdempotentConsumer("g", InMemoryEventStore(), {}, {}, DeadLetters())
    for offset, case in enumerate(sorted(INVALID)):
        message = FailedMessage(topic="t", partition=0, offset=offset, key=b"k", value=INVALID[case], headers=())
        assert (await consumer.handle(message)).status == "dead-lettered"
    assert [reason for _, reason, _ in sent] == ["unreadable"] * len(INVALID)


def recorded(stream_id: str = "aanvraag-1", at: datetime | None = None) -> RecordedEvent:
    return RecordedEvent(
        event_id=uuid.uuid4(),
        stream_id=stream_id,
        stream_type="aanvraag",
        version=1,
        name="aanvraag-ingetrokken",
        schema_version=1,
        data={},
        metadata=EventMetadata(correlation_id="c", actor_id="a", actor_role="penvoerder"),
        recorded_at=at or datetime.now(UTC),
    )


def test_the_producer_cannot_write_an_event_without_a_subject_or_with_a_naive_time():
    write = {"oin": "00000001002564440000", "service": "aanvraag", "schema_base_url": "http://x/schemas"}
    with pytest.raises(ValidationError):
        CloudEvent.from_recorded(recorded(stream_id=""), **write)
    with pytest.raises(ValidationError):
        CloudEvent.from_recorded(recorded(at=datetime(2021, 3, 1, 10, 0)), **write)
    written = CloudEvent.from_recorded(recorded(), **write).to_bytes()
    assert check_cloudevent(json.loads(written))


def test_every_event_of_a_demo_round_passes_and_the_cloudevents_sdk_reads_it_as_we_do():
    events = demo_events()
    assert len(events) > 2000
    sdk = JSONFormat()
    for raw in events:
        ours = CloudEvent.from_bytes(raw)
        theirs = sdk.read(None, raw)
        assert (theirs.get_id(), theirs.get_source(), theirs.get_type(), theirs.get_subject()) == (
            str(ours.id),
            ours.source,
            ours.type,
            ours.subject,
        )
        assert theirs.get_time() == ours.time
        assert theirs.get_extension("eventhash") == ours.eventhash
