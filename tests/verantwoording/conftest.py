"""The accountability service in this process, on the real database and broker, with a settable clock."""

from __future__ import annotations

import pytest

from allianties_shared.domain.clock import SettableClock
from allianties_shared.settings import PlatformSettings
from tests.support import eventually, running_service
from tests.verantwoording.builders import ALLIANCE, at, cloud_event, grant
from verantwoording.application.when_subsidy_is_granted_open_dossier import when_subsidy_is_granted_open_dossier
from verantwoording.bootstrap import bootstrap
from verantwoording.settings import VerantwoordingSettings

PENVOERDER = {"role": "penvoerder", "alliances": (ALLIANCE,)}
PARTNER = {"role": "partner", "alliances": (ALLIANCE,)}


@pytest.fixture
async def accountability(database_url, kafka_settings):
    definition = bootstrap(VerantwoordingSettings(database_url=database_url))
    async with running_service(definition, kafka_settings, platform=PlatformSettings(settable_clock=True)) as client:
        client.service.clock.set(at(2021, 6, 1, 8))
        yield client


async def call(client, method: str, url: str, *, role: str, actor: str | None = None, alliances: tuple[str, ...] = (), **kwargs):
    headers = {**client.token(role, actor, alliances), **kwargs.pop("headers", {})}
    return await client.http.request(method, url, headers=headers, **kwargs)


async def open_dossier(client, dossier_id: str = "regenboog-2021-p2", **kwargs) -> str:
    """Hand the grant to the consumer's handler in one store transaction, as the consumer would."""
    event = grant(dossier_id, **kwargs)
    async with client.service.store.transaction() as tx:
        await when_subsidy_is_granted_open_dossier(tx, cloud_event(event, f"beoordeling-{dossier_id}"), event)
    return dossier_id


async def set_clock(client, moment) -> None:
    assert isinstance(client.service.clock, SettableClock)
    response = await client.request("PUT", "/ops/clock", role="operator", json={"now": moment.isoformat()})
    assert response.status_code == 200, response.text


async def wait_until(check, what: str) -> None:
    await eventually(check, what=what, timeout=20)
