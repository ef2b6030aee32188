"""One trace from an HTTP command at intake, through the broker, into assessment and notification."""

from __future__ import annotations

import json

from aiokafka import AIOKafkaConsumer
from opentelemetry.trace import SpanKind

from tests.flow.test_one_flow_through_all_four_services import submit_application
from tests.support import eventually


def ids(traceparent: str) -> tuple[int, int]:
    """The trace id and the span id of a W3C ``traceparent``."""
    version, trace_id, span_id, _flags = traceparent.split("-")
    assert version == "00"
    return int(trace_id, 16), int(span_id, 16)


async def cloudevent_on_topic(kafka_settings, producer: str, event_id: str) -> dict:
    consumer = AIOKafkaConsumer(kafka_settings.topic(producer), bootstrap_servers=kafka_settings.bootstrap_servers, auto_offset_reset="earliest")
    await consumer.start()
    found: dict[str, dict] = {}
    try:
        async def published() -> bool:
            for records in (await consumer.getmany(timeout_ms=200)).values():
                for record in records:
                    event = json.loads(record.value)
                    found[event["id"]] = event
            return event_id in found

        await eventually(published, what=f"{event_id} on the topic")
    finally:
        await consumer.stop()
    return found[event_id]


async def test_one_trace_runs_from_the_submit_at_intake_through_assessment_to_the_notification(spans, system, kafka_settings):
    await submit_application(system["aanvraag"])
    toekenning, notificatie = system["toekenning"], system["notificatie"]

    async def assessments_and_notification() -> bool:
        opened = [e for e in await toekenning.service.store.read_all() if e.name == "beoordeling-geopend"]
        mailbox = [e for e in await notificatie.service.store.read_all() if e.name == "notificatie-vastgelegd"]
        return len(opened) == 2 and any(e.data["sjabloon"] == "aanvraag-ontvangen" for e in mailbox)

    await eventually(assessments_and_notification, what="two assessments and the notification of receipt")

    submitted = next(e for e in await system["aanvraag"].service.store.read_all() if e.name == "aanvraag-ingediend")
    trace_id, submit_span = ids(submitted.metadata.traceparent)
    finished = spans.get_finished_spans()

    # The HTTP request's server span is the span the event was recorded in.
    server = next(s for s in finished if s.context.span_id == submit_span)
    assert server.kind == SpanKind.SERVER and server.context.trace_id == trace_id

    # The relay's publish and the CloudEvent on the topic carry the same context.
    on_topic = await cloudevent_on_topic(kafka_settings, "aanvraag", str(submitted.event_id))
    assert on_topic["traceparent"] == submitted.metadata.traceparent
    publishes = [s for s in finished if s.kind == SpanKind.PRODUCER and s.attributes["cloudevents.event_id"] == str(submitted.event_id)]
    assert [p.parent.span_id for p in publishes] == [submit_span]

    # Toekenning's consumer span is a child of it, and the assessments are recorded in that span.
    def consumer_spans(event_id: str, group_part: str) -> list:
        finished_now = spans.get_finished_spans()
        return [
            s
            for s in finished_now
            if s.kind == SpanKind.CONSUMER
            and s.attributes["cloudevents.event_id"] == event_id
            and group_part in s.attributes["messaging.consumer.group.name"]
        ]

    (assessing,) = consumer_spans(str(submitted.event_id), "toekenning")
    assert assessing.context.trace_id == trace_id and assessing.parent.span_id == submit_span
    opened = [e for e in await toekenning.service.store.read_all() if e.name == "beoordeling-geopend"]
    assert {ids(e.metadata.traceparent) for e in opened} == {(trace_id, assessing.context.span_id)}

    # Notificatie consumes the assessment in the same trace, a child of toekenning's span.
    async def notificatie_saw_the_assessments() -> bool:
        return all(consumer_spans(str(e.event_id), "notificatie") for e in opened)

    await eventually(notificatie_saw_the_assessments, what="notificatie's spans of the assessments")
    for event in opened:
        (noted,) = consumer_spans(str(event.event_id), "notificatie")
        assert noted.context.trace_id == trace_id and noted.parent.span_id == assessing.context.span_id

    # And its notification of receipt is recorded in its span of the submitted event.
    (receiving,) = consumer_spans(str(submitted.event_id), "notificatie")
    mailbox = [e for e in await notificatie.service.store.read_all() if e.metadata.causation_id == str(submitted.event_id)]
    assert mailbox and {ids(e.metadata.traceparent) for e in mailbox} == {(trace_id, receiving.context.span_id)}

    # Every span of the submit's trace, HTTP, SQL, publish and consume, in one trace.
    in_trace = [s for s in spans.get_finished_spans() if s.context.trace_id == trace_id]
    assert {s.kind for s in in_trace} >= {SpanKind.SERVER, SpanKind.CLIENT, SpanKind.PRODUCER, SpanKind.CONSUMER}
