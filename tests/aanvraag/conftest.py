from __future__ import annotations

import pytest

from aanvraag.bootstrap import bootstrap
from aanvraag.settings import AanvraagSettings
from tests.support import running_service

ALLIANCE = {
    "alliantie_id": "queer-amsterdam",
    "naam": "Alliantie Queer Amsterdam",
    "penvoerder": {"kvk": "12345678", "naam": "COC Amsterdam"},
    "partners": [{"kvk": "23456789", "naam": "MarokQueer Zawia"}, {"kvk": "34567890", "naam": "Papaya Kuir"}],
    "contactpersoon": {"naam": "Sam de Vries", "email": "sam@example.org", "taal": "en"},
}


@pytest.fixture
async def intake(database_url, kafka_settings):
    async with running_service(bootstrap(AanvraagSettings(database_url=database_url)), kafka_settings) as client:
        yield client
