"""Reminders before deadlines: at the configured offsets, in the evening, never at night, each once.

The service's clock is set through ``PUT /ops/clock``, so a test walks through weeks in seconds."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from zoneinfo import ZoneInfo

from allianties_shared.contracts.aanvraag import AanvraagAangevuld
from tests.notificatie.events import ALLIANCE, completion_requested, registered
from tests.support import eventually

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def at(*parts: int) -> str:
    return datetime(*parts, tzinfo=AMSTERDAM).isoformat()


async def set_clock(client, moment: str) -> None:
    response = await client.request("PUT", "/ops/clock", json={"now": moment}, role="operator")
    assert response.status_code == 200, response.text
    await asyncio.sleep(0.3)  # a few ticks at the new time, so a reminder that should not come had its chance


async def deadlines(client) -> list[dict]:
    return (await client.request("GET", "/v1/termijnen", role="penvoerder", alliances=(ALLIANCE,))).json()


async def reminders(client) -> list[dict]:
    notes = (await client.request("GET", "/v1/notificaties", role="penvoerder", alliances=(ALLIANCE,))).json()
    return [n for n in notes if n["aanleiding_type"] == "herinnering"]


async def learn_completion_term(client, producer, contacts) -> None:
    contacts.add("p-1", ALLIANCE, "Noor Bakker", "noor@example.org", "nl")
    await set_clock(client, at(2021, 3, 1, 12))
    await producer.publish("aanvraag", f"alliantie-{ALLIANCE}", registered(ALLIANCE, "p-1"))
    await producer.publish("aanvraag", "aanvraag-r1", completion_requested(ALLIANCE, "r1", date(2021, 3, 31)))

    async def learned() -> bool:
        return len(await deadlines(client)) == 1

    await eventually(learned, what="the completion term")


async def test_reminders_come_fourteen_and_three_days_before_in_the_evening_and_never_at_night(notificatie, producer, contacts, mail):
    await learn_completion_term(notificatie, producer, contacts)

    await set_clock(notificatie, at(2021, 3, 17, 12))
    assert await reminders(notificatie) == []

    await set_clock(notificatie, at(2021, 3, 17, 19, 30))

    async def first() -> bool:
        return len(mail.to("noor@example.org")) == 2  # the request itself, then the reminder

    await eventually(first, what="the 14-day reminder by mail")
    assert "Herinnering" in mail.to("noor@example.org")[1]["Subject"]

    await set_clock(notificatie, at(2021, 3, 28, 23, 30))  # the 3-day reminder is due, but it is night
    await set_clock(notificatie, at(2021, 3, 29, 7, 59))
    assert [r["termijn_id"] for r in await reminders(notificatie)] == [(await deadlines(notificatie))[0]["termijn_id"]]

    await set_clock(notificatie, at(2021, 3, 29, 8, 30))

    async def second() -> bool:
        return len(await reminders(notificatie)) == 2

    await eventually(second, what="the 3-day reminder in the morning")
    hours = [datetime.fromisoformat(r["vastgelegd_op"]).astimezone(AMSTERDAM).hour for r in await reminders(notificatie)]
    assert hours == [19, 8]
    assert (await deadlines(notificatie))[0]["herinnerd_dagen_voor"] == [14, 3]

    await set_clock(notificatie, at(2021, 3, 30, 19, 30))
    await set_clock(notificatie, at(2021, 4, 15, 19, 30))
    assert len(await reminders(notificatie)) == 2


async def test_after_a_jump_in_time_only_the_nearest_reminder_is_sent(notificatie, producer, contacts, mail):
    await learn_completion_term(notificatie, producer, contacts)
    await set_clock(notificatie, at(2021, 3, 30, 20))

    async def one() -> bool:
        return len(await reminders(notificatie)) == 1

    await eventually(one, what="one reminder")
    await set_clock(notificatie, at(2021, 3, 30, 21))
    assert len(await reminders(notificatie)) == 1
    assert (await deadlines(notificatie))[0]["herinnerd_dagen_voor"] == [3]


async def test_a_met_deadline_gets_no_more_reminders(notificatie, producer, contacts, mail):
    await learn_completion_term(notificatie, producer, contacts)
    await producer.publish("aanvraag", "aanvraag-r1", AanvraagAangevuld(aanvraag_id="r1", alliantie_id=ALLIANCE))

    async def ended() -> bool:
        return (await deadlines(notificatie))[0]["vervallen"]

    await eventually(ended, what="the deadline met")
    await set_clock(notificatie, at(2021, 3, 29, 19, 30))
    await set_clock(notificatie, at(2021, 3, 30, 19, 30))
    assert await reminders(notificatie) == []
