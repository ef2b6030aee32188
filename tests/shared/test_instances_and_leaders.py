"""N instances of one service on one database: one relays, one ticks, all read the same clock, all are listed."""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import UTC, datetime, timedelta

import asyncpg

from aanvraag.bootstrap import bootstrap as aanvraag
from aanvraag.settings import AanvraagSettings
from allianties_shared.eventstore.ports import START
from allianties_shared.regulation.model import AMSTERDAM
from allianties_shared.runtime.tickers import tick_once
from allianties_shared.settings import PlatformSettings
from tests.aanvraag.conftest import ALLIANCE
from tests.support import eventually, running_service
from tests.toekenning.support import publish, submitted, wait_for_assessments
from toekenning.bootstrap import bootstrap as toekenning
from toekenning.settings import ToekenningSettings

SETTABLE = PlatformSettings(settable_clock=True)
DEADLINE_NIGHT = datetime(2021, 3, 31, 21, 58, tzinfo=UTC)


@asynccontextmanager
async def instances_of_intake(database_url, kafka_settings, count: int, **settings):
    """``count`` instances of the intake service on one database, each recording the moments it ticked at."""
    async with AsyncExitStack() as stack:
        clients = []
        for _ in range(count):
            definition = aanvraag(AanvraagSettings(database_url=database_url, **settings))
            ticks: list[datetime] = []

            async def remember(service, now, ticks=ticks):
                ticks.append(now)

            definition.tickers.append(remember)
            definition.tick_seconds = 3600  # only the first tick and clock changes
            client = await stack.enter_async_context(running_service(definition, kafka_settings, platform=SETTABLE))
            client.ticks = ticks
            clients.append(client)
        yield clients


def leaders(clients, kind: str) -> list:
    return [c for c in clients if getattr(c.service, f"{kind}_leader").held]


async def one_leader_each(clients) -> bool:
    return len(leaders(clients, "relay")) == 1 and len(leaders(clients, "ticker")) == 1


async def test_of_two_instances_exactly_one_runs_the_tickers_and_one_the_relay_and_status_lists_both(database_url, kafka_settings):
    async with instances_of_intake(database_url, kafka_settings, 2) as clients:
        await eventually(lambda: one_leader_each(clients), what="one relay leader and one ticker leader")
        [ticker] = leaders(clients, "ticker")
        [follower] = [c for c in clients if c is not ticker]
        assert ticker.ticks and not follower.ticks
        status = (await follower.request("GET", "/ops/status", role="operator")).json()
        listed = {i["id"]: i for i in status["instances"]}
        assert set(listed) == {c.service.instances.instance.id for c in clients}
        assert [i["tickers"] for i in listed.values()].count(True) == 1
        assert [i["relay"] for i in listed.values()].count(True) == 1
        assert listed[ticker.service.instances.instance.id]["tickers"]
        assert status["instance"] == follower.service.instances.instance.id
        assert {i["pid"] for i in status["instances"]} == {ticker.service.instances.instance.pid}  # both in this process
    async with instances_of_intake(database_url, kafka_settings, 1) as [later]:
        status = (await later.request("GET", "/ops/status", role="operator")).json()
        assert [i["id"] for i in status["instances"]] == [later.service.instances.instance.id], "a clean shutdown deregisters"


async def test_an_instance_with_tickers_switched_off_never_ticks(database_url, kafka_settings):
    async with instances_of_intake(database_url, kafka_settings, 1, tickers_enabled=False, relay_enabled=False) as [quiet]:
        await asyncio.sleep(0.5)
        assert quiet.service.ticker_leader is None and quiet.service.relay_leader is None and not quiet.ticks
        [listed] = (await quiet.request("GET", "/ops/status", role="operator")).json()["instances"]
        assert (listed["relay"], listed["tickers"]) == (False, False)


async def test_when_the_leaders_lock_connection_is_terminated_the_other_instance_takes_over(database_url, kafka_settings):
    async with instances_of_intake(database_url, kafka_settings, 2) as clients:
        await eventually(lambda: one_leader_each(clients), what="one relay leader and one ticker leader")
        [old_ticker], [old_relay] = leaders(clients, "ticker"), leaders(clients, "relay")
        backends = [old_ticker.service.ticker_leader.backend_pid, old_relay.service.relay_leader.backend_pid]
        connection = await asyncpg.connect(database_url)
        try:
            assert await connection.fetchval("SELECT count(*) FROM unnest($1::int[]) AS b(pid) WHERE pg_terminate_backend(pid)", backends) == 2
        finally:
            await connection.close()

        async def taken_over() -> bool:
            return leaders(clients, "ticker") == [c for c in clients if c is not old_ticker] and leaders(clients, "relay") == [
                c for c in clients if c is not old_relay
            ]

        await eventually(taken_over, timeout=10, what="the other instance holding both locks")
        [new_ticker] = leaders(clients, "ticker")
        await eventually(lambda: _has_ticked(new_ticker), what="the new ticker leader ticking at once")
        await intake_records_an_alliance(new_ticker)
        [new_relay] = leaders(clients, "relay")
        await eventually(lambda: _relayed_everything(new_relay), what="the new relay leader publishing the new event")

        async def status_agrees() -> bool:
            listed = (await old_ticker.request("GET", "/ops/status", role="operator")).json()["instances"]
            return {i["id"] for i in listed if i["tickers"]} == {new_ticker.service.instances.instance.id}

        await eventually(status_agrees, what="/ops/status naming the new ticker leader")


async def test_the_clock_set_through_one_instance_is_read_by_the_other_and_by_one_started_afterwards(database_url, kafka_settings):
    async with instances_of_intake(database_url, kafka_settings, 2) as (first, second):
        await eventually(lambda: one_leader_each((first, second)), what="the leaders")
        moved = await first.request("PUT", "/ops/clock", role="operator", json={"now": DEADLINE_NIGHT.isoformat()})
        assert moved.status_code == 200, moved.text

        async def second_follows() -> bool:
            return abs(second.service.clock.now() - DEADLINE_NIGHT) < timedelta(minutes=1)

        await eventually(second_follows, what="the second instance reading the time set through the first")
        [ticker] = leaders((first, second), "ticker")
        await eventually(lambda: _ticked_at(ticker, DEADLINE_NIGHT), what="the ticker leader ticking right after the change")
        async with instances_of_intake(database_url, kafka_settings, 1) as [third]:
            assert abs(third.service.clock.now() - DEADLINE_NIGHT) < timedelta(minutes=1)
            shown = (await third.http.get("/ops/clock")).json()
            assert shown["settable"] and abs(datetime.fromisoformat(shown["now"]) - DEADLINE_NIGHT) < timedelta(minutes=1)


async def test_each_deadline_is_flagged_once_while_two_instances_tick_at_once_around_a_clock_change(database_url, kafka_settings):
    """The takeover moment: the old leader finishing a round while the new one starts. Optimistic concurrency keeps one flag."""
    async with AsyncExitStack() as stack:
        clients = []
        for _ in range(2):
            definition = toekenning(ToekenningSettings(database_url=database_url))
            definition.tick_seconds = 3600
            clients.append(await stack.enter_async_context(running_service(definition, kafka_settings, platform=SETTABLE)))
        first, second = clients
        await first.service.shared_clock.set(datetime(2021, 4, 15, 10, 0, tzinfo=AMSTERDAM))
        applications = [submitted(f"t{n}", f"alliantie-{n}", [6]) for n in range(6)]
        await publish(kafka_settings, *applications)
        await wait_for_assessments(first, [f"t{n}-p6" for n in range(6)])
        await asyncio.gather(tick_once(first.service), tick_once(second.service))
        near_the_deadline = datetime(2021, 5, 20, 10, 0, tzinfo=AMSTERDAM)
        moved = await second.request("PUT", "/ops/clock", role="operator", json={"now": near_the_deadline.isoformat()})
        assert moved.status_code == 200, moved.text
        for _ in range(3):  # both instances, as if both thought they led, and the leader woken by the change
            await asyncio.gather(tick_once(first.service), tick_once(second.service), tick_once(first.service))
        flags = [e for e in await first.service.store.read_all() if e.name == "besluittermijn-dreigt-te-verlopen"]
        assert sorted(e.stream_id for e in flags) == sorted(f"beoordeling-t{n}-p6" for n in range(6))


async def intake_records_an_alliance(client) -> None:
    created = await client.request("POST", "/v1/allianties", role="penvoerder", alliances=(ALLIANCE["alliantie_id"],), json=ALLIANCE)
    assert created.status_code == 201, created.text


async def _has_ticked(client) -> bool:
    return bool(client.ticks)


async def _ticked_at(client, moment: datetime) -> bool:
    return any(abs(t - moment) < timedelta(minutes=1) for t in client.ticks)


async def _relayed_everything(client) -> bool:
    store = client.service.store
    return await store.count_after(START) > 0 and await store.count_after(await client.service.relay.position()) == 0
