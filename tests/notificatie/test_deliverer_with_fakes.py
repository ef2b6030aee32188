"""The delivery use case with fakes: per-stream order, backoff, giving up. No I/O."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from allianties_shared.contracts.notificatie import registry
from allianties_shared.eventstore.memory import InMemoryEventStore
from notificatie.application.deliver_to_subscribers import Deliverer
from notificatie.application.ports import PendingDelivery, Response, Target
from notificatie.domain.backoff import Backoff
from notificatie.domain.subscription import Delivery

NOW = datetime(2021, 6, 1, 12, tzinfo=UTC)
TARGET = Target("s1", "http://subscriber.example/hook", None, None, "geheim")


class FakeQueue:
    def __init__(self, items: list[PendingDelivery]) -> None:
        self.items = items

    async def targets(self) -> list[Target]:
        return [TARGET]

    async def pending(self, abonnement_id: str, limit: int = 500) -> list[PendingDelivery]:
        return self.items


class FakeWebhooks:
    def __init__(self, failing_streams: set[str]) -> None:
        self.failing = failing_streams
        self.delivered: list[bytes] = []

    async def validate(self, callback_url: str) -> Response:
        return Response(200)

    async def deliver(self, target: Target, body: bytes) -> Response:
        if body.decode().split(":")[0] in self.failing:
            return Response(503, "HTTP 503")
        self.delivered.append(body)
        return Response(202)


def item(stream: str, position: int, attempts: int = 0, status: str | None = None, next_at: datetime | None = None) -> PendingDelivery:
    delivery = Delivery(f"e-{stream}-{position}", "aanvraag-ingediend", stream, position)
    return PendingDelivery(delivery, f"{stream}:{position}".encode(), status, attempts, next_at)


async def subscribed_store() -> InMemoryEventStore:
    return InMemoryEventStore()


async def test_a_failing_event_holds_only_its_own_stream_and_is_retried_after_a_backoff():
    store = await subscribed_store()
    webhooks = FakeWebhooks(failing_streams={"a"})
    queue = FakeQueue([item("a", 1), item("b", 2), item("a", 3), item("b", 4)])
    await Deliverer(store, queue, webhooks, Backoff(1, 60, 5)).deliver_due(NOW)
    assert webhooks.delivered == [b"b:2", b"b:4"]
    (failed,) = [registry.decode(e.name, e.schema_version, e.data) for e in await store.read_stream("afleveringen-s1-a")]
    assert (failed.event_id, failed.poging, failed.volgende_poging_op) == ("e-a-1", 1, NOW + timedelta(seconds=1))


async def test_an_event_waiting_for_its_backoff_or_on_the_dead_letter_list_is_not_offered():
    store = await subscribed_store()
    webhooks = FakeWebhooks(failing_streams=set())
    queue = FakeQueue([item("a", 1, 1, "opnieuw", NOW + timedelta(seconds=5)), item("a", 2), item("b", 3, 5, "opgegeven"), item("b", 4)])
    await Deliverer(store, queue, webhooks, Backoff(1, 60, 5)).deliver_due(NOW)
    assert webhooks.delivered == []


async def test_the_last_failed_attempt_puts_the_event_on_the_dead_letter_list():
    store = await subscribed_store()
    queue = FakeQueue([item("a", 1, attempts=2, status="opnieuw")])
    await Deliverer(store, queue, FakeWebhooks({"a"}), Backoff(1, 60, 3)).deliver_due(NOW)
    names = [e.name for e in await store.read_stream("afleveringen-s1-a")]
    assert names == ["aflevering-geprobeerd", "aflevering-opgegeven"]
