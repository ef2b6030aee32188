"""The assessment service in this process, on the real database and broker, on a settable clock."""

from __future__ import annotations

from datetime import datetime

import pytest

from allianties_shared.regulation.model import AMSTERDAM
from allianties_shared.settings import PlatformSettings
from tests.support import running_service
from tests.toekenning.support import publish, submitted, wait_for_assessments
from toekenning.bootstrap import bootstrap
from toekenning.settings import ToekenningSettings

IN_THE_ASSESSMENT_WINDOW = datetime(2021, 4, 15, 10, 0, tzinfo=AMSTERDAM)


@pytest.fixture
async def decisions(database_url, kafka_settings):
    definition = bootstrap(ToekenningSettings(database_url=database_url))
    definition.tick_seconds = 3600  # tests tick by hand or by setting the clock
    async with running_service(definition, kafka_settings, platform=PlatformSettings(settable_clock=True)) as client:
        client.service.clock.set(IN_THE_ASSESSMENT_WINDOW)
        yield client


@pytest.fixture
async def two_on_priority_4(decisions, kafka_settings):
    """Two alliances applied on priority 4; the first also on priority 5."""
    await publish(kafka_settings, submitted("a1", "alliantie-een", [4, 5]), submitted("a2", "alliantie-twee", [4]))
    await wait_for_assessments(decisions, ["a1-p4", "a1-p5", "a2-p4"])
    return decisions
