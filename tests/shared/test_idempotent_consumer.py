"""The consumer's own logic, fast, on the in-memory store and a recording dead-letter sink."""

from __future__ import annotations

import json

from allianties_shared.contracts import REGISTRIES
from allianties_shared.domain.errors import RuleViolation
from allianties_shared.eventstore.memory import InMemoryEventStore
from allianties_shared.messaging.consumer import IdempotentConsumer
from allianties_shared.messaging.dead_letter import FailedMessage
from tests.flow.test_delivery_faults import submitted_event


class RecordingDeadLetters:
    def __init__(self) -> None:
        self.sent: list[dict] = []

    async def send(self, message, *, reason, error, attempts):
        self.sent.append({"offset": message.offset, "reason": reason, "error": error, "attempts": attempts})


def message(value: bytes, offset: int = 0) -> FailedMessage:
    return FailedMessage(topic="t.aanvraag", partition=0, offset=offset, key=b"k", value=value, headers=())


def consumer_with(handler, dead_letters, store=None, attempts: int = 3) -> IdempotentConsumer:
    return IdempotentConsumer(
        "test-group",
        store or InMemoryEventStore(),
        {"aanvraag": REGISTRIES["aanvraag"]},
        {"aanvraag-ingediend": handler},
        dead_letters,
        max_attempts=attempts,
        backoff_seconds=0,
    )


async def test_a_handler_that_keeps_failing_is_tried_a_bounded_number_of_times_then_dead_lettered():
    calls = []

    async def failing(tx, envelope, event):
        calls.append(envelope.id)
        raise ConnectionError("downstream away")

    dead = RecordingDeadLetters()
    outcome = await consumer_with(failing, dead).handle(message(submitted_event("a", [1]).to_bytes()))
    assert outcome.status == "dead-lettered"
    assert len(calls) == 3
    assert dead.sent == [{"offset": 0, "reason": "handler-failed", "error": "ConnectionError: downstream away", "attempts": 3}]


async def test_a_handler_that_fails_once_succeeds_on_the_retry_and_is_marked_processed_once():
    store = InMemoryEventStore()
    calls = []

    async def flaky(tx, envelope, event):
        calls.append(1)
        if len(calls) == 1:
            raise TimeoutError("slow database")

    dead = RecordingDeadLetters()
    event = submitted_event("a", [1])
    consumer = consumer_with(flaky, dead, store)
    assert (await consumer.handle(message(event.to_bytes()))).status == "processed"
    assert (await consumer.handle(message(event.to_bytes(), offset=1))).status == "duplicate"
    assert store.processed == {("test-group", event.id)}
    assert dead.sent == []


async def test_an_event_that_breaks_a_rule_is_dead_lettered_at_once_without_retries():
    calls = []

    async def refusing(tx, envelope, event):
        calls.append(1)
        raise RuleViolation("some-rule", "mag niet", "not allowed")

    dead = RecordingDeadLetters()
    outcome = await consumer_with(refusing, dead).handle(message(submitted_event("a", [1]).to_bytes()))
    assert (outcome.status, outcome.reason) == ("dead-lettered", "rule:some-rule")
    assert len(calls) == 1


async def test_data_that_does_not_fit_the_registered_model_is_dead_lettered_as_invalid():
    envelope = json.loads(submitted_event("a", [1]).to_bytes())
    envelope["data"]["prioriteiten"] = "drie"
    dead = RecordingDeadLetters()

    async def never(tx, envelope, event):
        raise AssertionError("must not be called")

    outcome = await consumer_with(never, dead).handle(message(json.dumps(envelope).encode()))
    assert outcome.status == "dead-lettered" and outcome.reason == "invalid-data"


async def test_an_event_type_this_consumer_does_not_handle_is_acknowledged_and_ignored():
    dead = RecordingDeadLetters()
    other = submitted_event("a", [1]).model_copy(update={"type": "nl.amsterdam.subsidies.allianties.aanvraag-opgesteld.v1"})

    async def never(tx, envelope, event):
        raise AssertionError("must not be called")

    data = json.loads(other.to_bytes())  # a type the producer registered, but this consumer has no handler for
    data["data"] = {"aanvraag_id": "a", "alliantie_id": "b", "ronde_id": "2021", "prioriteiten": [1], "bedrag_per_jaar_centen": 1}
    assert (await consumer_with(never, dead).handle(message(json.dumps(data).encode()))).status == "ignored"
    assert dead.sent == []
