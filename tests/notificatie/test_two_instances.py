"""Two notificatie instances on one database and one consumer group: every mail and every delivery
once, in stream order, and every reminder once, although both instances tick."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from contextlib import asynccontextmanager
from datetime import date

import pytest

from allianties_shared.runtime.tickers import run_tickers
from allianties_shared.settings import PlatformSettings
from notificatie.bootstrap import bootstrap
from notificatie.domain.message_ids import message_id
from tests.notificatie.conftest import settings_for
from tests.notificatie.events import completion_requested, drafted, registered, submitted
from tests.notificatie.loopback import Subscriber
from tests.notificatie.subscribing import logged, subscribe
from tests.notificatie.test_reminders import at
from tests.support import eventually, running_service

SETTABLE = PlatformSettings(settable_clock=True)
AANVRAAG = ["alliantie-geregistreerd", "aanvraag-opgesteld", "aanvraag-ingediend"]


@asynccontextmanager
async def two_instances(database_url, mail, contacts, kafka_settings):
    """Both instances tick, whichever holds the ticker lock: the claims alone must keep them apart."""
    settings = settings_for(database_url, mail, contacts.url, lease_seconds=5)
    async with (
        running_service(bootstrap(settings), kafka_settings, platform=SETTABLE) as one,
        running_service(bootstrap(settings), kafka_settings, platform=SETTABLE) as two,
    ):
        ticking = [asyncio.create_task(run_tickers(client.service)) for client in (one, two)]
        try:
            yield one, two
        finally:
            for task in ticking:
                task.cancel()
            await asyncio.gather(*ticking, return_exceptions=True)


async def delivered(subscriber, count: int) -> None:
    async def enough() -> bool:
        return len(subscriber.received) >= count

    await eventually(enough, timeout=60, what=f"{count} deliveries (so far {len(subscriber.received)})")


@pytest.fixture
async def instances(notificatie_database, mail, contacts, kafka_settings):
    async with two_instances(notificatie_database, mail, contacts, kafka_settings) as both:
        yield both


async def test_two_instances_send_every_mail_and_deliver_every_event_exactly_once_in_stream_order(
    instances, producer, contacts, mail
):
    one, two = instances
    with Subscriber(fail_first=4) as subscriber:  # a few failures, so retries run on both instances too
        subscription = await subscribe(one, subscriber, types=AANVRAAG)
        alliances = [f"twee-{n}" for n in range(8)]
        for n, alliance in enumerate(alliances):
            contacts.add(f"p-{n}", alliance, f"Persoon {n}", f"p{n}@example.org")
            await producer.publish("aanvraag", f"alliantie-{alliance}", registered(alliance, f"p-{n}"))
            await producer.publish("aanvraag", f"aanvraag-t{n}", drafted(alliance, f"t{n}"))
            await producer.publish("aanvraag", f"aanvraag-t{n}", submitted(alliance, f"t{n}"))
        await delivered(subscriber, 24)
        await logged(one, subscription, 24)

        async def all_mailed() -> bool:
            return len(mail.messages) >= 8

        await eventually(all_mailed, timeout=60, what="a receipt for every alliance")
        await asyncio.sleep(1)  # both instances tick a few more times: nothing more may go out

    ids = [e["id"] for e in subscriber.received]
    assert len(ids) == len(set(ids)) == 24
    per_stream: dict[str, list[int]] = defaultdict(list)
    for event in subscriber.received:
        per_stream[event["subject"]].append(int(event["sequence"]))
    assert all(sequences == sorted(sequences) for sequences in per_stream.values()), per_stream
    assert sorted(m["To"] for m in mail.messages) == sorted(f"p{n}@example.org" for n in range(8))
    sent = (await two.request("GET", "/v1/berichten", role="auditor")).json()
    assert sorted(m["Message-ID"] for m in mail.messages) == sorted(message_id(m["notificatie_id"], m["persoon_id"]) for m in sent)


async def test_with_two_instances_ticking_each_reminder_is_recorded_and_mailed_once(instances, producer, contacts, mail):
    one, two = instances
    alliance = "twee-herinnering"
    contacts.add("p-r", alliance, "Noor Bakker", "noor@example.org")
    for client in instances:
        assert (await client.request("PUT", "/ops/clock", json={"now": at(2021, 3, 1, 12)}, role="operator")).status_code == 200
    await producer.publish("aanvraag", f"alliantie-{alliance}", registered(alliance, "p-r"))
    await producer.publish("aanvraag", "aanvraag-r2", completion_requested(alliance, "r2", date(2021, 3, 31)))

    async def the_request_mailed() -> bool:
        return len(mail.to("noor@example.org")) == 1

    await eventually(the_request_mailed, what="the completion request by mail")
    for client in instances:  # both clocks at the evening of the 14-day reminder: both instances find it due
        await client.request("PUT", "/ops/clock", json={"now": at(2021, 3, 17, 19, 30)}, role="operator")

    async def reminded() -> bool:
        return len(mail.to("noor@example.org")) == 2

    await eventually(reminded, what="the 14-day reminder by mail")
    await asyncio.sleep(1)
    assert len(mail.to("noor@example.org")) == 2
    recorded = [e for e in await one.service.store.read_all() if e.name == "herinnering-vastgelegd"]
    assert [e.data["dagen_voor"] for e in recorded] == [14]
