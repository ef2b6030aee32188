"""``/ops/status`` names the subscribers whose deliveries fail: what failed last and what was given up,
and ``allianties status`` counts them as a problem (exit code 16) until the deliveries go through."""

from __future__ import annotations

from urllib.parse import urlsplit

from allianties_infra.status_health import UNDELIVERED, exit_code, problems
from tests.notificatie.events import ALLIANCE, drafted, submitted
from tests.notificatie.loopback import Subscriber
from tests.notificatie.subscribing import as_system, received, subscribe
from tests.support import eventually


async def failing_subscribers(notificatie) -> list[dict]:
    return (await notificatie.request("GET", "/ops/status", role="operator")).json()["failing_subscribers"]


async def test_a_subscriber_that_is_down_is_named_with_its_last_status_until_its_deliveries_go_through(notificatie, producer):
    with Subscriber() as subscriber, Subscriber() as healthy_one:
        subscriber.down = True
        subscription = await subscribe(notificatie, subscriber, types=["aanvraag-opgesteld", "aanvraag-ingediend"])
        await subscribe(notificatie, healthy_one, system="belastingen", types=["aanvraag-opgesteld", "aanvraag-ingediend"])
        await producer.publish("aanvraag", "aanvraag-f1", drafted(ALLIANCE, "f1"))
        await producer.publish("aanvraag", "aanvraag-f1", submitted(ALLIANCE, "f1"))
        await received(healthy_one, 2, "both events at the healthy subscriber")

        async def given_up() -> bool:
            return any(s["dead_letters"] for s in await failing_subscribers(notificatie))

        await eventually(given_up, what="the first event given up on")
        (failing,) = await failing_subscribers(notificatie)  # the healthy subscriber is not named
        assert failing["abonnement_id"] == subscription["abonnement_id"]
        assert failing["callback_host"] == urlsplit(subscriber.url).netloc
        assert (failing["dead_letters"], failing["last_status"]) == (1, 503)
        state = {"service": "notificatie", "running": True, "ready": {"status": "ready"}, "relay": {"lag": 0}, "failing_subscribers": [failing]}
        assert exit_code(problems([state], max_relay_lag_seconds=60)) == UNDELIVERED

        subscriber.down = False
        path = f"/v1/abonnementen/{subscription['abonnement_id']}/dead-letters/{await dead_letter_id(notificatie, path_of(subscription))}/opnieuw"
        assert (await notificatie.request("POST", path, **as_system(notificatie))).status_code == 200
        await received(subscriber, 2, "both events after the resend")

        async def none_failing() -> bool:
            return await failing_subscribers(notificatie) == []

        await eventually(none_failing, what="no failing subscriber once everything was delivered")


def path_of(subscription: dict) -> str:
    return f"/v1/abonnementen/{subscription['abonnement_id']}"


async def dead_letter_id(notificatie, path: str) -> str:
    (letter,) = (await notificatie.request("GET", f"{path}/dead-letters", **as_system(notificatie))).json()
    return letter["event_id"]
