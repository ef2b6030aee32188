"""Nothing blocks the mail: unknown recipients are retried with backoff, skipped meanwhile, and given
up on (``bericht-niet-verzonden`` with the reason) after ``NOTIFICATIE_UNSENDABLE_AFTER_SECONDS`` of
real time: the business clock an operator can set does not move a retry."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest

from allianties_shared.settings import PlatformSettings
from notificatie.bootstrap import bootstrap
from tests.notificatie.conftest import settings_for
from tests.notificatie.events import registered, submitted
from tests.support import eventually, running_service

UNKNOWN = "onbekende-alliantie"
KNOWN = "bekende-alliantie"


@pytest.fixture
async def notificatie(notificatie_database, mail, contacts, kafka_settings):
    settings = settings_for(
        notificatie_database, mail, contacts.url, mail_backoff_seconds=10, mail_backoff_cap_seconds=10, unsendable_after_seconds=15
    )
    async with running_service(bootstrap(settings), kafka_settings, platform=PlatformSettings(settable_clock=True)) as client:
        yield client


async def queues(client) -> dict:
    response = await client.request("GET", "/ops/status", role="operator")
    assert response.status_code == 200, response.text
    return response.json()["queues"]


async def test_a_hundred_and_fifty_mails_to_unknown_people_do_not_hold_back_one_to_a_known_person(
    notificatie, producer, contacts, mail
):
    await producer.publish("aanvraag", f"alliantie-{UNKNOWN}", registered(UNKNOWN, "p-onbekend"))  # not in the directory
    for n in range(150):
        await producer.publish("aanvraag", f"aanvraag-u{n}", submitted(UNKNOWN, f"u{n}"))
    contacts.add("p-bekend", KNOWN, "Sam de Vries", "sam@example.org")
    await producer.publish("aanvraag", f"alliantie-{KNOWN}", registered(KNOWN, "p-bekend"))
    await producer.publish("aanvraag", "aanvraag-k1", submitted(KNOWN, "k1"))

    async def known_mailed() -> bool:
        return len(mail.to("sam@example.org")) == 1

    await eventually(known_mailed, timeout=60, what="the mail to the known person, behind 150 unknown ones")

    async def all_backing_off() -> bool:
        return (await queues(notificatie))["mail"]["backing_off"] == 150

    await eventually(all_backing_off, timeout=30, what="150 mails waiting for their next try")
    assert (await queues(notificatie))["mail"] == {"pending": 0, "backing_off": 150, "unsendable": 0}

    later = datetime.now().astimezone() + timedelta(days=1, minutes=5)  # a business day later: no retry is due by it
    response = await notificatie.request("PUT", "/ops/clock", json={"now": later.isoformat()}, role="operator")
    assert response.status_code == 200, response.text
    await asyncio.sleep(1)  # ten ticks: timed by that clock, every retry would be due and every mail given up on
    mail_queue = (await queues(notificatie))["mail"]
    assert mail_queue["unsendable"] == 0 and mail_queue["pending"] + mail_queue["backing_off"] == 150

    async def all_given_up() -> bool:
        return (await queues(notificatie))["mail"]["unsendable"] == 150

    await eventually(all_given_up, timeout=60, what="150 mails recorded as unsendable")
    assert (await queues(notificatie))["mail"] == {"pending": 0, "backing_off": 0, "unsendable": 150}
    outcomes = (await notificatie.request("GET", "/v1/berichten", role="auditor")).json()
    assert sorted({(m["persoon_id"], m["status"]) for m in outcomes}) == [("p-bekend", "verzonden"), ("p-onbekend", "onbekend")]
    given_up = [e for e in await notificatie.service.store.read_all() if e.name == "bericht-niet-verzonden"]
    assert len(given_up) == 150 and {e.data["reden"] for e in given_up} == {"onbekend"}
    assert len(mail.messages) == 1
