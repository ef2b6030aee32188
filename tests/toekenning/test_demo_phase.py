"""The demo's decisions phase against a real HTTP server of the service: the 2021 round decided."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest
from rich.console import Console

from allianties_infra.demo import decisions as phase
from allianties_infra.demo.client import DemoClient
from allianties_infra.demo.state import RoundState
from allianties_infra.embedded import free_port
from allianties_infra.stack_config import StackConfig
from allianties_shared.domain import Role
from allianties_shared.runtime import create_app
from allianties_shared.settings import PlatformSettings
from tests.support import served_on_loopback
from tests.toekenning.support import publish, submitted, wait_for_assessments
from toekenning.bootstrap import bootstrap
from toekenning.settings import ToekenningSettings

# (alliance, priority, euros per year); per priority the first listed is the intake's first.
ROUND_2021 = [
    ("samen-sterk-in-werk", 1, 145_000), ("queer-netwerk", 2, 200_000), ("bipoc", 3, 115_000), ("samen-tegen-racisme", 4, 175_000),
    ("wij-zijn-amsterdam", 5, 98_000), ("ongelooflijke-geschiedenissen", 6, 155_000), ("werk-oost", 1, 120_000),
    ("pride-zuidoost", 2, 185_000), ("regenboog-nieuw-west", 2, 160_000), ("diaspora-queer", 3, 90_000),
    ("buurt-zonder-discriminatie", 4, 150_000), ("herdenken-in-de-wijk", 5, 80_000), ("sporen-van-slavernij", 6, 130_000),
    ("mannen-in-beweging", 7, 80_000),
]


@pytest.fixture
async def served(database_url, kafka_settings):
    port = free_port()
    settings = ToekenningSettings(database_url=database_url, http_port=port)
    app = create_app(bootstrap(settings), PlatformSettings(settable_clock=True), kafka_settings)
    async with served_on_loopback(app, port) as url:
        yield url, app


def demo_client(url: str) -> DemoClient:
    """The demo's own client, pointed at the toekenning served here (the secret comes from the environment)."""
    demo = DemoClient(Console(width=160, record=True), StackConfig(data_dir=Path(".")))
    demo.urls = {"toekenning": url}  # the only service here: the phase's clock moves reach it alone
    demo.run_id = "t1"
    return demo


async def test_the_demo_phase_decides_the_2021_round_six_grants_eight_rejections_one_priority_unfunded(served, kafka_settings):
    url, app = served
    await publish(kafka_settings, *(submitted(f"{slug}-2021", slug, [p], euros * 100) for slug, p, euros in ROUND_2021))

    class Client:  # what wait_for_assessments needs, over real HTTP
        async def request(self, method, path, role):
            async with httpx.AsyncClient() as http:
                return await http.request(method, url + path, headers=demo_client(url).auth(Role(role)))

    await wait_for_assessments(Client(), [f"{slug}-2021-p{p}" for slug, p, _ in ROUND_2021])
    state = RoundState(run_id="t1", alliances=[slug for slug, *_ in ROUND_2021])
    state.applications = {f"{slug}-2021": slug for slug, *_ in ROUND_2021}
    demo = demo_client(url)
    await asyncio.to_thread(phase.run, demo, state)

    assert sorted(state.grants) == sorted(f"{slug}-2021-p{p}" for slug, p, _ in ROUND_2021[:6])
    assert len(state.rejections) == 8 and "mannen-in-beweging-2021-p7" in state.rejections
    printed = demo.console.export_text()
    assert "6 grants, 8 rejections, 1 priority unfunded" in printed
    assert "capped at what is left" in printed  # 175,000 asked on priority 4, 150,000 left after the municipal share
    assert "declared a conflict of interest" in printed
    assert "objection unfounded" in printed
    events = [e.name for e in await app.state.service.store.read_all()]
    assert events.count("subsidie-verleend") == 6 and events.count("subsidie-afgewezen") == 8
    assert events.count("prioriteit-onvervuld") == 1 and events.count("bezwaar-beslist") == 1
