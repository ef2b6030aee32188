"""Time is injectable: a settable clock for the embedded stack and tests, tickers for deadlines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from aanvraag.bootstrap import bootstrap
from aanvraag.settings import AanvraagSettings
from allianties_shared.domain.clock import SettableClock
from allianties_shared.settings import PlatformSettings
from tests.aanvraag.conftest import ALLIANCE
from tests.support import eventually, running_service

DEADLINE_NIGHT = datetime(2021, 3, 31, 21, 58, tzinfo=UTC)


def test_a_settable_clock_keeps_running_from_where_it_was_set():
    clock = SettableClock(DEADLINE_NIGHT)
    first = clock.now()
    assert timedelta(0) <= first - DEADLINE_NIGHT < timedelta(seconds=1)
    clock.advance(timedelta(days=1))
    assert clock.now() - first >= timedelta(days=1)
    with pytest.raises(ValueError):
        clock.set(datetime(2021, 1, 1))


async def test_an_operator_sets_the_clock_and_events_are_recorded_at_that_time(database_url, kafka_settings):
    platform = PlatformSettings(settable_clock=True)
    seen: list[datetime] = []

    async def remember(service, now):
        seen.append(now)

    definition = bootstrap(AanvraagSettings(database_url=database_url))
    definition.tickers.append(remember)
    definition.tick_seconds = 3600
    async with running_service(definition, kafka_settings, platform=platform) as intake:
        moved = await intake.request("PUT", "/ops/clock", role="operator", json={"now": DEADLINE_NIGHT.isoformat()})
        assert moved.status_code == 200, moved.text

        async def ticked_at_the_new_time() -> bool:
            return any(abs(t - DEADLINE_NIGHT) < timedelta(minutes=1) for t in seen)

        await eventually(ticked_at_the_new_time, what="a tick right after the clock was set")
        await intake.request("POST", "/v1/allianties", role="penvoerder", alliances=("queer-amsterdam",), json=ALLIANCE)
        [event] = await intake.service.store.read_all()
        assert abs(event.recorded_at - DEADLINE_NIGHT) < timedelta(minutes=1)
        refused = await intake.request("PUT", "/ops/clock", role="penvoerder", json={"now": DEADLINE_NIGHT.isoformat()})
        assert refused.status_code == 403


async def test_a_production_service_refuses_to_have_its_clock_set(intake):
    response = await intake.request("PUT", "/ops/clock", role="operator", json={"now": DEADLINE_NIGHT.isoformat()})
    assert response.status_code == 403
    assert response.json()["rule"] == "clock-settable"
    assert (await intake.http.get("/ops/clock")).json()["settable"] is False
