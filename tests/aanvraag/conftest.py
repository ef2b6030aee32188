from __future__ import annotations

import pytest

from aanvraag.bootstrap import bootstrap
from aanvraag.settings import AanvraagSettings
from allianties_shared.settings import PlatformSettings
from tests.aanvraag.examples import ALLIANCE
from tests.support import running_service

__all__ = ["ALLIANCE"]


@pytest.fixture
async def settable_intake(database_url, kafka_settings):
    """The intake service on the real database and broker, with a clock the test can set."""
    definition = bootstrap(AanvraagSettings(database_url=database_url))
    async with running_service(definition, kafka_settings, platform=PlatformSettings(settable_clock=True)) as client:
        yield client
