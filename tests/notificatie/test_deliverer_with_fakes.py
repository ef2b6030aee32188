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

    async def pending(self, abonnement_id: str, limit: int = 500, streams: list[str] | None = None) -> list[PendingDelivery]:
        return [i for i in self.items if streams is None or i.delivery.stream in streams]


class FakeLeases:
    """Lanes as the database keeps them: one holder per (subscription, stream)."""

    def __init__(self, held_by_others: set[str] = frozenset()) -> None:
        self.holders: dict[str, str] = {stream: "another-instance" for stream in held_by_others}

    async def claim(self, abonnement_id: str, streams: list[str], token: str) -> list[str]:
        free = [s for s in streams if s not in self.holders]
        self.holders.update(dict.fromkeys(free, token))
        return free

    async def holds(self, tx, abonnement_id: str, stream: str, token: str) -> bool:
        return self.holders.get(stream) == token

    async def release(self, abonnement_id: str, streams: list[str], token: str) -> None:
        for stream in streams:
            if self.holders.get(stream) == token:
                del self.holders[stream]


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
    await Deliverer(store, queue, webhooks, Backoff(1, 60, 5), FakeLeases()).deliver_due(NOW)
    assert webhooks.delivered == [b"b:2", b"b:4"]
    (failed,) = [registry.decode(e.name, e.schema_version, e.data) for e in await store.read_stream("afleveringen-s1-a")]
    assert (failed.event_id, failed.poging, failed.volgende_poging_op) == ("e-a-1", 1, NOW + timedelta(seconds=1))


async def test_an_event_waiting_for_its_backoff_or_on_the_dead_letter_list_is_not_offered():
    store = await subscribed_store()
    webhooks = FakeWebhooks(failing_streams=set())
    queue = FakeQueue([item("a", 1, 1, "opnieuw", NOW + timedelta(seconds=5)), item("a", 2), item("b", 3, 5, "opgegeven"), item("b", 4)])
    await Deliverer(store, queue, webhooks, Backoff(1, 60, 5), FakeLeases()).deliver_due(NOW)
    assert webhooks.delivered == []


async def test_the_last_failed_attempt_puts_the_event_on_the_dead_letter_list():
    store = await subscribed_store()
    queue = FakeQueue([item("a", 1, attempts=2, status="opnieuw")])
    await Deliverer(store, queue, FakeWebhooks({"a"}), Backoff(1, 60, 3), FakeLeases()).deliver_due(NOW)
    names = [e.name for e in await store.read_stream("afleveringen-s1-a")]
    assert names == ["aflevering-geprobeerd", "aflevering-opgegeven"]


async def test_a_stream_whose_lane_another_instance_holds_is_left_to_that_instance():
    store = await subscribed_store()
    webhooks = FakeWebhooks(failing_streams=set())
    leases = FakeLeases(held_by_others={"a"})
    await Deliverer(store, FakeQueue([item("a", 1), item("b", 2)]), webhooks, Backoff(1, 60, 5), leases).deliver_due(NOW)
    assert webhooks.delivered == [b"b:2"]
    assert leases.holders == {"a": "another-instance"}  # ours released, theirs untouched


class LaneTakenOverMidSend(FakeWebhooks):
    def __init__(self, leases: FakeLeases) -> None:
        super().__init__(failing_streams={"a"})
        self.leases = leases

    async def deliver(self, target: Target, body: bytes) -> Response:
        self.leases.holders["a"] = "the-instance-that-took-over"  # our lease lapsed while the subscriber kept us waiting
        return await super().deliver(target, body)


async def test_an_attempt_is_not_recorded_when_the_lane_was_taken_over_meanwhile():
    store = await subscribed_store()
    leases = FakeLeases()
    await Deliverer(store, FakeQueue([item("a", 1)]), LaneTakenOverMidSend(leases), Backoff(1, 60, 5), leases).deliver_due(NOW)
    assert await store.read_stream("afleveringen-s1-a") == []
