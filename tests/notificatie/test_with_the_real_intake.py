"""Addresses resolved through the real aanvraag service, served over HTTP on loopback (uvicorn)."""

from __future__ import annotations

import httpx

from aanvraag.bootstrap import bootstrap as aanvraag
from aanvraag.settings import AanvraagSettings
from allianties_shared.domain import Actor, Role
from allianties_shared.http.auth import TokenIssuer
from allianties_shared.runtime import create_app
from allianties_shared.settings import PlatformSettings
from notificatie.bootstrap import bootstrap
from tests.aanvraag.examples import ALLIANCE as EXAMPLE_ALLIANCE
from tests.notificatie.conftest import settings_for
from tests.notificatie.events import submitted
from tests.support import eventually, running_service, served_on_loopback

ALLIANCE = "regenboog-west"
REGISTRATION = {**EXAMPLE_ALLIANCE, "alliantie_id": ALLIANCE, "naam": "Alliantie Regenboog West"}


async def test_the_penvoerder_is_mailed_at_the_address_intake_holds_until_the_data_is_erased(
    database_url, notificatie_database, kafka_settings, producer, mail
):
    platform = PlatformSettings()
    tokens = TokenIssuer(platform.auth_secret.get_secret_value())

    def bearer(role: Role, alliances=()) -> dict:
        return {"Authorization": f"Bearer {tokens.issue(Actor(id=f'{role}-1', role=role, alliances=frozenset(alliances)))}"}

    intake_app = create_app(aanvraag(AanvraagSettings(database_url=database_url)), platform, kafka_settings)
    async with served_on_loopback(intake_app) as intake_url, httpx.AsyncClient(base_url=intake_url) as intake:
        definition = bootstrap(settings_for(notificatie_database, mail, intake_url))
        async with running_service(definition, kafka_settings) as notificatie:
            registered = await intake.post("/v1/allianties", json=REGISTRATION, headers=bearer(Role.PENVOERDER, (ALLIANCE,)))
            assert registered.status_code == 201, registered.text
            await producer.publish("aanvraag", "aanvraag-w1", submitted(ALLIANCE, "w1"))

            async def mailed() -> bool:
                return len(mail.to("sam@example.org")) == 1

            await eventually(mailed, what="the receipt at the address intake holds")
            assert mail.to("sam@example.org")[0]["Subject"] == "Your application AV-2021-w1 was received"

            async def recorded() -> bool:
                return len((await notificatie.request("GET", "/v1/berichten", role="auditor")).json()) == 1

            await eventually(recorded, what="bericht-verzonden")
            (message,) = (await notificatie.request("GET", "/v1/berichten", role="auditor")).json()
            erased = await intake.post(f"/v1/personen/{message['persoon_id']}/wissen", headers=bearer(Role.OPERATOR))
            assert erased.status_code == 200, erased.text
            await producer.publish("aanvraag", "aanvraag-w2", submitted(ALLIANCE, "w2"))

            async def settled() -> bool:
                return len((await notificatie.request("GET", "/v1/berichten", role="auditor")).json()) == 2

            await eventually(settled, what="the second message settled")
            statuses = [m["status"] for m in (await notificatie.request("GET", "/v1/berichten", role="auditor")).json()]
            assert statuses == ["verzonden", "gewist"]
            assert len(mail.messages) == 1
