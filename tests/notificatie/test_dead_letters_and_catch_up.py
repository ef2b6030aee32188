"""Given-up deliveries wait on the dead-letter list with their stream; catch-up delivers again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.notificatie.events import ALLIANCE, drafted, submitted
from tests.notificatie.loopback import Subscriber
from tests.notificatie.subscribing import as_system, delivery_log, logged, received, subscribe
from tests.support import eventually

AANVRAAG = ["aanvraag-opgesteld", "aanvraag-ingediend"]


async def test_a_given_up_event_holds_its_stream_until_it_is_resent_by_hand(notificatie, producer):
    with Subscriber() as subscriber:
        subscriber.down = True
        subscription = await subscribe(notificatie, subscriber, types=AANVRAAG)
        path = f"/v1/abonnementen/{subscription['abonnement_id']}"
        await producer.publish("aanvraag", "aanvraag-d1", drafted(ALLIANCE, "d1"))
        await producer.publish("aanvraag", "aanvraag-d1", submitted(ALLIANCE, "d1"))

        async def dead() -> list[dict]:
            return (await notificatie.request("GET", f"{path}/dead-letters", **as_system(notificatie))).json()

        async def one_dead() -> bool:
            return len(await dead()) == 1

        await eventually(one_dead, what="the first event on the dead-letter list")
        (letter,) = await dead()
        assert letter["pogingen"] == 3 and letter["laatste_http_status"] == 503

        subscriber.down = False
        await producer.publish("aanvraag", "aanvraag-d2", drafted(ALLIANCE, "d2"))
        await received(subscriber, 1, "the event of another stream")
        assert [e["subject"] for e in subscriber.received] == ["aanvraag-d2"]

        resent = await notificatie.request("POST", f"{path}/dead-letters/{letter['event_id']}/opnieuw", **as_system(notificatie))
        assert resent.status_code == 200, resent.text
        await received(subscriber, 3, "the held stream")
    assert [(e["subject"], e["sequence"]) for e in subscriber.received] == [("aanvraag-d2", "1"), ("aanvraag-d1", "1"), ("aanvraag-d1", "2")]
    assert await dead() == []


async def test_resending_an_event_that_is_not_dead_lettered_is_refused(notificatie):
    with Subscriber() as subscriber:
        subscription = await subscribe(notificatie, subscriber)
    response = await notificatie.request(
        "POST", f"/v1/abonnementen/{subscription['abonnement_id']}/dead-letters/0e9d/opnieuw", role="operator"
    )
    assert (response.status_code, response.json()["rule"]) == (404, "dead-letter-bestaat")


async def test_catch_up_from_a_position_delivers_those_events_again_in_order(notificatie, producer):
    with Subscriber() as subscriber:
        subscription = await subscribe(notificatie, subscriber, types=AANVRAAG)
        for n in (1, 2, 3):
            await producer.publish("aanvraag", "aanvraag-e1", drafted(ALLIANCE, "e1") if n == 1 else submitted(ALLIANCE, "e1"))
        await received(subscriber, 3)
        await logged(notificatie, subscription, 3)
        feed = (await notificatie.request("GET", "/v1/gebeurtenissen", role="operator")).json()
        second = [f["positie"] for f in feed if f["event"]["subject"] == "aanvraag-e1"][1]
        response = await notificatie.request(
            "POST", f"/v1/abonnementen/{subscription['abonnement_id']}/inhaalslag", json={"vanaf_positie": second}, **as_system(notificatie)
        )
        assert response.status_code == 200, response.text
        await received(subscriber, 5)
    ids = [e["id"] for e in subscriber.received]
    assert ids[3:] == ids[1:3]
    assert [e["sequence"] for e in subscriber.received] == ["1", "2", "3", "2", "3"]


async def test_catch_up_from_a_date_delivers_everything_since_then(notificatie, producer):
    with Subscriber() as subscriber:
        subscription = await subscribe(notificatie, subscriber, types=AANVRAAG)
        await producer.publish("aanvraag", "aanvraag-f1", drafted(ALLIANCE, "f1"), at=datetime(2021, 2, 1, tzinfo=UTC))
        await producer.publish("aanvraag", "aanvraag-f1", submitted(ALLIANCE, "f1"), at=datetime(2021, 3, 1, tzinfo=UTC))
        await received(subscriber, 2)
        await logged(notificatie, subscription, 2)
        since = (datetime(2021, 3, 1, tzinfo=UTC) - timedelta(days=1)).isoformat()
        path = f"/v1/abonnementen/{subscription['abonnement_id']}/inhaalslag"
        assert (await notificatie.request("POST", path, json={"vanaf_tijd": since}, role="operator")).status_code == 200
        await received(subscriber, 3)
        log = await delivery_log(notificatie, subscription)
    assert [e["subject"] + "#" + e["sequence"] for e in subscriber.received] == ["aanvraag-f1#1", "aanvraag-f1#2", "aanvraag-f1#2"], log


async def test_catch_up_needs_exactly_one_of_position_and_date(notificatie):
    with Subscriber() as subscriber:
        subscription = await subscribe(notificatie, subscriber)
    response = await notificatie.request("POST", f"/v1/abonnementen/{subscription['abonnement_id']}/inhaalslag", json={}, role="operator")
    assert (response.status_code, response.json()["rule"], response.json()["field"]) == (422, "inhaal-vanaf", "vanaf_positie")
