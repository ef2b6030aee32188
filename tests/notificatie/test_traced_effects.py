"""With traces on, a webhook delivery continues the delivered event's trace and sends it on as the
W3C ``traceparent`` header; a mail is a span too."""

from __future__ import annotations

from opentelemetry.trace import SpanKind

from notificatie.adapters.smtp_mailer import SmtpMailer
from notificatie.adapters.webhooks import HttpWebhooks
from notificatie.application.ports import Mail, Target
from tests.flow.test_delivery_faults import submitted_event
from tests.notificatie.loopback import MailSink, Subscriber
from tests.shared.test_tracing import TRACEPARENT, spans, traced

__all__ = ["spans"]


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
