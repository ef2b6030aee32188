"""With traces on, a webhook delivery continues the delivered event's trace and sends it on as the
W3C ``traceparent`` header; a mail is a span in the trace of the event that called for it."""

from __future__ import annotations

from datetime import UTC, datetime

from opentelemetry.trace import SpanKind

from allianties_shared.events.recorded import GENESIS_HASH, EventMetadata
from allianties_shared.eventstore.ports import NewEvent, chain
from allianties_shared.messaging.publisher import EventPublisher
from notificatie.adapters.smtp_mailer import SmtpMailer
from notificatie.adapters.webhooks import HttpWebhooks
from notificatie.application.ports import Mail, Target
from tests.flow.test_delivery_faults import submitted_event
from tests.notificatie.events import ALLIANCE, registered, submitted
from tests.notificatie.loopback import MailSink, Subscriber
from tests.shared.test_tracing import TRACEPARENT, traced
from tests.support import eventually


async def test_a_delivery_continues_the_events_trace_and_tells_the_subscriber(spans):
    body = traced(submitted_event("a", [1]), TRACEPARENT).to_bytes()
    webhooks = HttpWebhooks("https://notificatie.example")
    with Subscriber() as subscriber:
        response = await webhooks.deliver(Target("ab-1", f"{subscriber.url}/hook", None, None, None), body)
    await webhooks.client.aclose()
    assert response.ok
    (delivery,) = spans.get_finished_spans()
    assert delivery.kind == SpanKind.CLIENT
    assert (delivery.context.trace_id, delivery.parent.span_id) == (0x0AF7651916CD43DD8448EB211C80319C, 0xB7AD6B7169203331)
    sent = {k.lower(): v for k, v in subscriber.headers[0].items()}
    assert sent["traceparent"] == f"00-{delivery.context.trace_id:032x}-{delivery.context.span_id:016x}-01"


async def test_without_traces_a_delivery_sends_no_trace_header():
    body = traced(submitted_event("a", [1]), TRACEPARENT).to_bytes()
    webhooks = HttpWebhooks("https://notificatie.example")
    with Subscriber() as subscriber:
        assert (await webhooks.deliver(Target("ab-1", f"{subscriber.url}/hook", None, None, None), body)).ok
    await webhooks.client.aclose()
    assert "traceparent" not in {k.lower() for k in subscriber.headers[0]}


async def test_a_mail_sent_is_a_span_that_names_the_message_and_not_the_person(spans):
    sink = MailSink()
    sink.controller.start()
    try:
        await SmtpMailer("127.0.0.1", sink.port, "noreply@example.org").send(Mail("p@example.org", "Onderwerp", "Tekst", "<n-1.abc@x>"))
    finally:
        sink.controller.stop()
    (mail,) = spans.get_finished_spans()
    assert mail.name == "smtp send" and dict(mail.attributes) == {"allianties.mail.message_id": "<n-1.abc@x>"}


async def test_the_mail_an_event_calls_for_is_sent_in_that_events_trace(spans, notificatie, producer, contacts, mail):
    contacts.add("p-1", ALLIANCE, "Sam de Vries", "sam@example.org", "en")
    await producer.publish("aanvraag", f"alliantie-{ALLIANCE}", registered(ALLIANCE, "p-1", "en"))
    new = NewEvent.from_domain(submitted(ALLIANCE, "qa-1"), EventMetadata("test", "systeem:aanvraag", "systeem", traceparent=TRACEPARENT))
    (recorded,) = chain("aanvraag-qa-1", "aanvraag", 0, GENESIS_HASH, [new], datetime.now(UTC))
    publisher = EventPublisher(producer.producer, producer.kafka.topic("aanvraag"), oin="00000001002564440000", service="aanvraag", schema_base_url="http://x/schemas")
    await publisher.publish([recorded])

    def sent() -> list:
        return [s for s in spans.get_finished_spans() if s.name == "smtp send"]

    async def mailed() -> bool:
        return len(mail.to("sam@example.org")) == 1 and bool(sent())

    await eventually(mailed, what="the receipt mailed")
    (smtp,) = sent()
    assert (smtp.context.trace_id, smtp.parent.span_id) == (0x0AF7651916CD43DD8448EB211C80319C, 0xB7AD6B7169203331)
