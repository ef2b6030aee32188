"""Traces with OpenTelemetry, off unless the standard ``OTEL_*`` variables ask for them.

The W3C trace context travels inside each CloudEvent (the CloudEvents distributed-tracing
extension, ``traceparent``/``tracestate``) and is recorded with the event, so one trace spans
every service an event touches and an audit can name the trace of any event. Off, nothing here
creates a span or records a context: the hot path pays one ``is None`` test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.trace import Span, SpanKind, Status, StatusCode
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

if TYPE_CHECKING:
    from opentelemetry.sdk.trace import TracerProvider

_W3C = TraceContextTextMapPropagator()
_provider: TracerProvider | None = None
_tracer: trace.Tracer | None = None  # None: tracing is off
_OFF: AbstractContextManager[None] = nullcontext()  # reusable: off, a message costs no generator
_NO_HEADERS: AbstractContextManager[Mapping[str, str]] = nullcontext(MappingProxyType({}))


def tracing_wanted(environ: Mapping[str, str]) -> bool:
    """The spec's variables: ``OTEL_SDK_DISABLED=true`` wins; ``OTEL_TRACES_EXPORTER`` (``none`` is
    off); otherwise an OTLP endpoint turns traces on."""
    if environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return False
    exporter = environ.get("OTEL_TRACES_EXPORTER", "").strip().lower()
    if exporter:
        return exporter != "none"
    return bool(environ.get("OTEL_EXPORTER_OTLP_ENDPOINT") or environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"))


def configure_tracing(service: str, environ: Mapping[str, str] | None = None) -> bool:
    """Turn traces on for this process if the environment asks (once; later calls keep the first)."""
    if _tracer is not None:
        return True
    environ = os.environ if environ is None else environ
    if not tracing_wanted(environ):
        return False
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    attributes = {} if environ.get("OTEL_SERVICE_NAME") else {"service.name": f"allianties-{service}"}
    provider = TracerProvider(resource=Resource.create(attributes))  # OTEL_RESOURCE_ATTRIBUTES, OTEL_TRACES_SAMPLER
    provider.add_span_processor(BatchSpanProcessor(_exporter(environ)))  # OTEL_BSP_*
    trace.set_tracer_provider(provider)
    use_provider(provider)
    return True


def _exporter(environ: Mapping[str, str]) -> Any:
    kind = (environ.get("OTEL_TRACES_EXPORTER", "").strip().lower() or "otlp").split(",")[0].strip()
    if kind == "otlp":
        protocol = environ.get("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL") or environ.get("OTEL_EXPORTER_OTLP_PROTOCOL") or "http/protobuf"
        if protocol != "http/protobuf":
            raise ValueError(f"OTEL_EXPORTER_OTLP_PROTOCOL={protocol!r}: only http/protobuf is installed")
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        return OTLPSpanExporter()  # OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT, _HEADERS, _TIMEOUT
    if kind == "console":
        from opentelemetry.sdk.trace.export import ConsoleSpanExporter

        return ConsoleSpanExporter()
    raise ValueError(f"OTEL_TRACES_EXPORTER={kind!r}: use otlp, console or none")


def use_provider(provider: TracerProvider) -> None:
    """Trace into this provider (``configure_tracing`` does it; tests pass one with an in-memory exporter)."""
    global _provider, _tracer
    from opentelemetry.instrumentation.asyncpg import AsyncPGInstrumentor

    _provider, _tracer = provider, provider.get_tracer("allianties_shared")
    AsyncPGInstrumentor().instrument(tracer_provider=provider)


def stop_tracing() -> None:
    """Off again: the spans end up nowhere, asyncpg is no longer instrumented (for tests)."""
    global _provider, _tracer
    from opentelemetry.instrumentation.asyncpg import AsyncPGInstrumentor

    if _tracer is not None:
        AsyncPGInstrumentor().uninstrument()
    _provider = _tracer = None


def enabled() -> bool:
    return _tracer is not None


def instrument_app(app: Any) -> None:
    """Server spans for every HTTP request, continuing a caller's ``traceparent`` header."""
    if _provider is not None:
        from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

        FastAPIInstrumentor.instrument_app(app, tracer_provider=_provider)


def current_context() -> tuple[str | None, str | None]:
    """The current span's ``traceparent`` and ``tracestate``, to record with the events it causes."""
    if _tracer is None:
        return None, None
    carrier: dict[str, str] = {}
    _W3C.inject(carrier)
    return carrier.get("traceparent"), carrier.get("tracestate") or None


def _parent(traceparent: str | None, tracestate: str | None) -> Context | None:
    if not traceparent:
        return None  # an event from before traces, or from a producer without them: a new trace
    carrier = {"traceparent": traceparent, **({"tracestate": tracestate} if tracestate else {})}
    return _W3C.extract(carrier)


def _event_attributes(event_id: str, event_type: str, subject: str, topic: str) -> dict[str, str]:
    return {
        "messaging.system": "kafka",
        "messaging.destination.name": topic,
        "messaging.message.id": event_id,
        "cloudevents.event_id": event_id,
        "cloudevents.event_type": event_type,
        "cloudevents.event_subject": subject,
    }


def consumer_span(envelope: Any, group: str, topic: str) -> AbstractContextManager[Span | None]:
    """The span of one consumer's processing of one CloudEvent, a child of the context it carries."""
    return _OFF if _tracer is None else _consumer_span(_tracer, envelope, group, topic)


@contextmanager
def _consumer_span(tracer: trace.Tracer, envelope: Any, group: str, topic: str) -> Iterator[Span]:
    attributes = {**_event_attributes(str(envelope.id), envelope.type, envelope.subject, topic), "messaging.consumer.group.name": group}
    with tracer.start_as_current_span(
        f"process {topic}",
        context=_parent(getattr(envelope, "traceparent", None), getattr(envelope, "tracestate", None)),
        kind=SpanKind.CONSUMER,
        attributes=attributes,
    ) as span:
        yield span


def publish_spans(events: Sequence[Any], topic: str) -> list[Span]:
    """One producer span per recorded event the relay sends, a child of the context recorded with it."""
    if _tracer is None:
        return []
    return [
        _tracer.start_span(
            f"publish {topic}",
            context=_parent(e.metadata.traceparent, e.metadata.tracestate),
            kind=SpanKind.PRODUCER,
            attributes=_event_attributes(str(e.event_id), e.name, e.stream_id, topic),
        )
        for e in events
    ]


def end_spans(spans: Sequence[Span], error: BaseException | None = None) -> None:
    for span in spans:
        if error is not None:
            span.record_exception(error)
            span.set_status(Status(StatusCode.ERROR, f"{type(error).__name__}: {error}"))
        span.end()


def client_span(
    name: str, traceparent: str | None = None, tracestate: str | None = None, **attributes: str
) -> AbstractContextManager[Mapping[str, str]]:
    """A client span around a call out (a webhook delivery, a mail), in the trace of the event it
    is about when one is given; gives the W3C headers that carry this span to the other side."""
    if _tracer is None:
        return _NO_HEADERS
    return _client_span(_tracer, name, _parent(traceparent, tracestate), attributes)


@contextmanager
def _client_span(tracer: trace.Tracer, name: str, parent: Context | None, attributes: dict[str, str]) -> Iterator[Mapping[str, str]]:
    with tracer.start_as_current_span(name, context=parent, kind=SpanKind.CLIENT, attributes=attributes):
        carrier: dict[str, str] = {}
        _W3C.inject(carrier)
        yield carrier
