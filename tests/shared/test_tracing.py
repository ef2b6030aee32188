"""Traces: off unless configured; the context recorded with an event, carried in its CloudEvent and
covered by its hash; an event from before traces is consumed in a trace of its own."""

from __future__ import annotations

import pytest
from opentelemetry.trace import SpanKind

from allianties_infra.audit.wire import from_wire, quick_read
from allianties_shared import tracing
from allianties_shared.application import CommandContext
from allianties_shared.domain import Actor
from allianties_shared.events.envelope import CloudEvent
from allianties_shared.events.recorded import EventMetadata
from tests.flow.test_delivery_faults import submitted_event
from tests.shared.test_idempotent_consumer import RecordingDeadLetters, consumer_with, message

TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"


def traced(envelope: CloudEvent, traceparent: str, tracestate: str | None = None) -> CloudEvent:
    recorded = envelope.to_recorded()
    metadata = recorded.metadata._replace(traceparent=traceparent, tracestate=tracestate)
    recorded = recorded._replace(metadata=metadata)
    recorded = recorded._replace(hash=recorded.expected_hash())
    return CloudEvent.from_recorded(recorded, oin="00000001002564440000", service="aanvraag", schema_base_url="http://x/schemas")


@pytest.mark.parametrize(
    ("environ", "wanted"),
    [
        ({}, False),
        ({"OTEL_SERVICE_NAME": "x"}, False),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"}, True),
        ({"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://127.0.0.1:4318/v1/traces"}, True),
        ({"OTEL_TRACES_EXPORTER": "console"}, True),
        ({"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"}, False),
        ({"OTEL_SDK_DISABLED": "true", "OTEL_TRACES_EXPORTER": "otlp"}, False),
    ],
)
def test_traces_are_on_only_when_the_otel_variables_ask_for_them(environ, wanted):
    assert tracing.tracing_wanted(environ) is wanted


def test_an_unknown_exporter_stops_the_start_with_the_reason():
    with pytest.raises(ValueError, match="OTEL_TRACES_EXPORTER='zipkin'"):
        tracing.configure_tracing("aanvraag", {"OTEL_TRACES_EXPORTER": "zipkin"})
    assert not tracing.enabled()


def test_off_nothing_is_recorded_and_the_cloudevent_has_no_trace_extension():
    metadata = CommandContext(Actor.system("aanvraag"), "c-1").metadata()
    assert metadata.traceparent is None and "traceparent" not in metadata.as_dict()
    assert "traceparent" not in submitted_event("a", [1]).to_bytes().decode()


def test_an_event_from_before_traces_keeps_its_hash():
    old = EventMetadata(correlation_id="c", actor_id="a", actor_role="penvoerder")
    assert old.as_dict() == {"correlation_id": "c", "causation_id": None, "actor_id": "a", "actor_role": "penvoerder"}


def test_the_trace_context_travels_in_the_cloudevent_and_is_covered_by_the_hash():
    envelope = traced(submitted_event("a", [1]), TRACEPARENT, "congo=t61rcWkgMzE")
    raw = envelope.to_bytes()
    read = CloudEvent.from_bytes(raw)
    assert (read.traceparent, read.tracestate) == (TRACEPARENT, "congo=t61rcWkgMzE")
    assert read.to_recorded().hash_matches()
    assert from_wire("t.aanvraag", 0, 0, raw).intact
    assert quick_read("t.aanvraag", 0, 0, raw) is not None
    forged = raw.replace(b"b7ad6b7169203331", b"b7ad6b7169203332")
    assert not CloudEvent.from_bytes(forged).to_recorded().hash_matches()
    assert not from_wire("t.aanvraag", 0, 0, forged).intact


async def test_the_consumer_continues_the_trace_of_the_event_and_records_its_span_with_what_it_causes(spans):
    recorded: list[EventMetadata] = []

    async def handler(tx, envelope, event):
        recorded.append(CommandContext(Actor.system("toekenning"), envelope.correlationid, str(envelope.id)).metadata())

    envelope = traced(submitted_event("a", [1]), TRACEPARENT)
    assert (await consumer_with(handler, RecordingDeadLetters()).handle(message(envelope.to_bytes()))).status == "processed"
    (span,) = spans.get_finished_spans()
    assert span.kind == SpanKind.CONSUMER
    assert (span.context.trace_id, span.parent.span_id) == (0x0AF7651916CD43DD8448EB211C80319C, 0xB7AD6B7169203331)
    assert span.attributes["allianties.outcome"] == "processed"
    assert recorded[0].traceparent == f"00-{span.context.trace_id:032x}-{span.context.span_id:016x}-01"


async def test_an_event_without_trace_context_is_consumed_in_a_new_trace(spans):
    recorded: list[EventMetadata] = []

    async def handler(tx, envelope, event):
        recorded.append(CommandContext(Actor.system("toekenning"), envelope.correlationid, str(envelope.id)).metadata())

    old = submitted_event("a", [1])
    assert old.traceparent is None
    assert (await consumer_with(handler, RecordingDeadLetters()).handle(message(old.to_bytes()))).status == "processed"
    (span,) = spans.get_finished_spans()
    assert span.parent is None
    assert recorded[0].traceparent.split("-")[1] == f"{span.context.trace_id:032x}"


async def test_a_trace_extension_we_cannot_use_does_not_stop_the_event(spans):
    async def handler(tx, envelope, event):
        pass

    raw = submitted_event("a", [1]).to_bytes().replace(b'"data":', b'"traceparent":"not-a-trace","data":', 1)
    assert (await consumer_with(handler, RecordingDeadLetters()).handle(message(raw))).status == "processed"
    (span,) = spans.get_finished_spans()
    assert span.parent is None
