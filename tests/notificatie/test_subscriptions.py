"""Subscriptions for other municipal systems: CloudEvents over HTTP, signed, in order per stream."""

from __future__ import annotations

import asyncio
import hashlib
import hmac

import pytest

from allianties_shared.settings import PlatformSettings
from notificatie.bootstrap import bootstrap
from tests.notificatie.conftest import settings_for
from tests.notificatie.events import ALLIANCE, drafted, registered, submitted
from tests.notificatie.loopback import Subscriber
from tests.notificatie.subscribing import as_system, logged, received, subscribe
from tests.support import eventually, running_service


async def test_a_subscriber_gets_each_event_once_in_stream_order_as_signed_structured_cloudevents(notificatie, producer):
    with Subscriber() as subscriber:
        subscription = await subscribe(notificatie, subscriber, types=["aanvraag-opgesteld", "aanvraag-ingediend"])
        assert subscriber.handshakes == ["notificatie"] or subscriber.handshakes[0]
        for n in (1, 2):
            await producer.publish("aanvraag", f"aanvraag-a{n}", drafted(ALLIANCE, f"a{n}"))
        for n in (1, 2):
            await producer.publish("aanvraag", f"aanvraag-a{n}", submitted(ALLIANCE, f"a{n}"))
        await received(subscriber, 4)

    assert len({e["id"] for e in subscriber.received}) == 4
    for stream in ("aanvraag-a1", "aanvraag-a2"):
        events = [e for e in subscriber.received if e["subject"] == stream]
        assert [e["type"] for e in events] == [
            "nl.amsterdam.subsidies.allianties.aanvraag-opgesteld.v1",
            "nl.amsterdam.subsidies.allianties.aanvraag-ingediend.v2",
        ]
    headers, body = subscriber.headers[0], subscriber.bodies[0]
    assert headers["Content-Type"] == "application/cloudevents+json; charset=UTF-8"
    expected = "sha256=" + hmac.new(b"een-gedeeld-geheim", body, hashlib.sha256).hexdigest()
    assert headers["Signature"] == expected
    assert subscriber.received[0]["source"] == "urn:nld:oin:00000001002564440000:systeem:aanvraag"

    await logged(notificatie, subscription, 4)
    log = (await notificatie.request("GET", f"/v1/abonnementen/{subscription['abonnement_id']}/afleveringen", **as_system(notificatie))).json()
    assert len(log) == 4 and all(a["gelukt"] and a["poging"] == 1 for a in log)


async def test_an_api_key_goes_in_the_header_the_subscriber_named(notificatie, producer):
    with Subscriber() as subscriber:
        await subscribe(notificatie, subscriber, hmac_geheim=None, api_key_header="X-Api-Key", api_key="sleutel-123")
        await producer.publish("aanvraag", f"alliantie-{ALLIANCE}", registered(ALLIANCE, "p-1"))
        await received(subscriber, 1)
    assert subscriber.headers[0]["X-Api-Key"] == "sleutel-123"
    assert "Signature" not in subscriber.headers[0]


async def test_a_subscriber_that_fails_for_a_while_gets_everything_after_it_recovers(notificatie, producer):
    with Subscriber(fail_first=2) as subscriber:
        subscription = await subscribe(notificatie, subscriber, types=["aanvraag-opgesteld", "aanvraag-ingediend"])
        await producer.publish("aanvraag", "aanvraag-b1", drafted(ALLIANCE, "b1"))
        await producer.publish("aanvraag", "aanvraag-b1", submitted(ALLIANCE, "b1"))
        await received(subscriber, 2)

    assert [e["sequence"] for e in subscriber.received] == ["1", "2"]
    await logged(notificatie, subscription, 2)
    log = (await notificatie.request("GET", f"/v1/abonnementen/{subscription['abonnement_id']}/afleveringen", role="operator")).json()
    first = [a for a in log if a["event_id"] == subscriber.received[0]["id"]]
    assert [(a["poging"], a["gelukt"], a["http_status"]) for a in first] == [(1, False, 503), (2, False, 503), (3, True, 202)]
    assert first[0]["volgende_poging_op"] is not None


async def test_a_subscriber_that_refuses_the_handshake_is_not_subscribed(notificatie):
    with Subscriber(accept_handshake=False) as subscriber:
        response = await notificatie.request(
            "POST", "/v1/abonnementen", json={"callback_url": subscriber.url, "hmac_geheim": "x"}, **as_system(notificatie)
        )
    assert response.status_code == 422
    assert response.json()["rule"] == "webhook-validatie"
    assert (await notificatie.request("GET", "/v1/abonnementen", role="operator")).json() == []


async def test_a_subscription_without_authentication_or_with_an_unknown_type_is_refused(notificatie):
    with Subscriber() as subscriber:
        bare = await notificatie.request("POST", "/v1/abonnementen", json={"callback_url": subscriber.url}, **as_system(notificatie))
        unknown = await notificatie.request(
            "POST", "/v1/abonnementen", json={"callback_url": subscriber.url, "hmac_geheim": "x", "types": ["bestaat-niet"]}, role="operator"
        )
    assert (bare.status_code, bare.json()["rule"], bare.json()["field"]) == (422, "authenticatie-vereist", "authenticatie")
    assert (unknown.status_code, unknown.json()["rule"]) == (422, "type-bekend")
    assert subscriber.handshakes == []


async def test_filters_on_type_priority_and_alliance_choose_what_is_delivered(notificatie, producer):
    with Subscriber() as by_priority, Subscriber() as by_alliance:
        await subscribe(notificatie, by_priority, types=["aanvraag-ingediend"], prioriteiten=[3])
        await subscribe(notificatie, by_alliance, types=["aanvraag-ingediend"], allianties=["other-alliance"])
        await producer.publish("aanvraag", "aanvraag-c1", submitted(ALLIANCE, "c1", priorities=(2,)))
        await producer.publish("aanvraag", "aanvraag-c2", submitted(ALLIANCE, "c2", priorities=(2, 3)))
        await producer.publish("aanvraag", "aanvraag-c3", submitted("other-alliance", "c3", priorities=(1,)))
        await received(by_priority, 1)
        await received(by_alliance, 1)
    assert [e["subject"] for e in by_priority.received] == ["aanvraag-c2"]
    assert [e["subject"] for e in by_alliance.received] == ["aanvraag-c3"]


async def test_a_system_sees_only_its_own_subscriptions(notificatie):
    with Subscriber() as subscriber:
        mine = await subscribe(notificatie, subscriber, system="financien")
    theirs = as_system(notificatie, "archief")
    assert (await notificatie.request("GET", "/v1/abonnementen", **theirs)).json() == []
    response = await notificatie.request("GET", f"/v1/abonnementen/{mine['abonnement_id']}", **theirs)
    assert response.status_code == 404
    penvoerder = await notificatie.request("GET", "/v1/abonnementen", role="penvoerder", alliances=(ALLIANCE,))
    assert penvoerder.status_code == 403


async def test_a_cancelled_subscription_gets_nothing_more_and_every_attempt_is_an_event_of_its_stream(notificatie, producer):
    with Subscriber() as subscriber:
        subscription = await subscribe(notificatie, subscriber, types=["aanvraag-opgesteld"])
        await producer.publish("aanvraag", "aanvraag-g1", drafted(ALLIANCE, "g1"))
        await received(subscriber, 1)
        await logged(notificatie, subscription, 1)
        path = f"/v1/abonnementen/{subscription['abonnement_id']}"
        cancelled = await notificatie.request("DELETE", path, **as_system(notificatie))
        assert (cancelled.status_code, cancelled.json()["actief"]) == (200, False)
        await producer.publish("aanvraag", "aanvraag-g2", drafted(ALLIANCE, "g2"))
        stream = f"abonnement-{subscription['abonnement_id']}"

        async def seen_by_notificatie() -> bool:
            feed = (await notificatie.request("GET", "/v1/gebeurtenissen", role="auditor")).json()
            return any(f["event"]["subject"] == "aanvraag-g2" for f in feed)

        await eventually(seen_by_notificatie, what="the second event in the feed")
        await asyncio.sleep(0.5)
    assert [e["subject"] for e in subscriber.received] == ["aanvraag-g1"]
    history = [e.name for e in await notificatie.service.store.read_stream(stream)]
    assert history == ["abonnement-genomen", "abonnement-opgezegd"]
    attempts = await notificatie.service.store.read_stream(f"afleveringen-{subscription['abonnement_id']}-aanvraag-g1")
    assert [(e.name, e.data["gelukt"]) for e in attempts] == [("aflevering-geprobeerd", True)]
    again = await notificatie.request("DELETE", path, role="operator")
    assert (again.status_code, again.json()["rule"]) == (422, "abonnement-actief")


@pytest.fixture
async def slow_to_retry(notificatie_database, mail, contacts, kafka_settings):
    settings = settings_for(notificatie_database, mail, contacts.url, delivery_backoff_seconds=2, delivery_backoff_cap_seconds=2)
    async with running_service(bootstrap(settings), kafka_settings, platform=PlatformSettings(settable_clock=True)) as client:
        yield client


async def test_a_retry_waits_real_time_so_setting_the_clock_back_does_not_strand_it(slow_to_retry, producer):
    notificatie = slow_to_retry
    with Subscriber(fail_first=1) as subscriber:  # the next try two seconds later, in real time
        await subscribe(notificatie, subscriber, types=["aanvraag-opgesteld"])
        await producer.publish("aanvraag", "aanvraag-c1", drafted(ALLIANCE, "c1"))

        async def failed_once() -> bool:
            return subscriber.calls >= 1  # the first delivery, which failed

        await eventually(failed_once, what="a first delivery that failed")
        back = await notificatie.request("PUT", "/ops/clock", json={"now": "2021-03-01T12:00:00+01:00"}, role="operator")
        assert back.status_code == 200, back.text  # five years back: a retry timed by this clock would wait five years
        await received(subscriber, 1)
    assert [e["subject"] for e in subscriber.received] == ["aanvraag-c1"] and subscriber.calls == 2


NOT_A_UUID = ("0", "geen-uuid", "00000000-0000-0000-0000-00000000000g")


async def test_a_subscription_id_that_is_no_uuid_names_no_subscription_on_every_route(notificatie):
    routes = [
        ("GET", "/v1/abonnementen/{id}", None),
        ("DELETE", "/v1/abonnementen/{id}", None),
        ("GET", "/v1/abonnementen/{id}/afleveringen", None),
        ("GET", "/v1/abonnementen/{id}/dead-letters", None),
        ("POST", "/v1/abonnementen/{id}/dead-letters/{id}/opnieuw", None),
        ("POST", "/v1/abonnementen/{id}/inhaalslag", {"vanaf_positie": 1}),
    ]
    for method, path, body in routes:
        for wrong in NOT_A_UUID:
            response = await notificatie.request(method, path.format(id=wrong), json=body, role="operator")
            assert response.status_code == 404, (method, path, wrong, response.text)
            assert response.headers["content-type"] == "application/problem+json"
            assert (response.json()["rule"], response.json()["field"]) == ("abonnement-bestaat", "abonnement_id")


async def test_a_subscription_id_in_upper_case_names_the_same_subscription(notificatie):
    with Subscriber() as subscriber:
        subscription = await subscribe(notificatie, subscriber)
    upper = subscription["abonnement_id"].upper()
    found = await notificatie.request("GET", f"/v1/abonnementen/{upper}", **as_system(notificatie))
    assert (found.status_code, found.json()["abonnement_id"]) == (200, subscription["abonnement_id"])
    cancelled = await notificatie.request("DELETE", f"/v1/abonnementen/{upper}", **as_system(notificatie))
    assert (cancelled.status_code, cancelled.json()["actief"]) == (200, False)
    stream = f"abonnement-{subscription['abonnement_id']}"
    assert [e.name for e in await notificatie.service.store.read_stream(stream)] == ["abonnement-genomen", "abonnement-opgezegd"]
