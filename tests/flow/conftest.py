"""All four services in this process, each with its own database, sharing the real broker."""

from __future__ import annotations

from contextlib import AsyncExitStack

import pytest

from aanvraag.bootstrap import bootstrap as aanvraag
from aanvraag.settings import AanvraagSettings
from allianties_shared.settings import PlatformSettings
from notificatie.bootstrap import bootstrap as notificatie
from notificatie.settings import NotificatieSettings
from tests.support import running_service
from toekenning.bootstrap import bootstrap as toekenning
from toekenning.settings import ToekenningSettings
from verantwoording.bootstrap import bootstrap as verantwoording
from verantwoording.settings import VerantwoordingSettings


@pytest.fixture
def service_databases(postgres):
    import uuid

    names = {}
    for service in ("aanvraag", "toekenning", "verantwoording", "notificatie"):
        names[service] = f"{service}_{uuid.uuid4().hex[:8]}"
        postgres.create_database(names[service])
    return {service: postgres.dsn(name) for service, name in names.items()}


@pytest.fixture
async def system(service_databases, kafka_settings):
    definitions = {
        "aanvraag": aanvraag(AanvraagSettings(database_url=service_databases["aanvraag"])),
        "toekenning": toekenning(ToekenningSettings(database_url=service_databases["toekenning"])),
        "verantwoording": verantwoording(VerantwoordingSettings(database_url=service_databases["verantwoording"])),
        "notificatie": notificatie(NotificatieSettings(database_url=service_databases["notificatie"])),
    }
    async with AsyncExitStack() as stack:
        platform = PlatformSettings(settable_clock=True)  # intake's window is 2021: the tests move its clock
        clients = {
            name: await stack.enter_async_context(running_service(d, kafka_settings, platform=platform))
            for name, d in definitions.items()
        }
        yield clients
