"""The auditor's API and web page: the verified timeline of one alliance, in a real headless browser."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import httpx

from allianties_infra.audit.web import create_audit_app
from allianties_shared.domain import Actor, Role
from allianties_shared.http.auth import TokenIssuer
from allianties_shared.settings import PlatformSettings
from tests.audit.test_audit_from_the_topics import ALLIANCE_ID, round_through_all_four, stores_of
from tests.support import eventually, served_on_loopback

ARTIFACTS = Path(__file__).parent.parent / "artifacts"


def auditor_token() -> str:
    secret = PlatformSettings().auth_secret.get_secret_value()
    return TokenIssuer(secret).issue(Actor(id="auditor-1", role=Role.AUDITOR))


def audit_app(system, kafka_settings):
    return create_audit_app(kafka_settings, lambda: stores_of(system), PlatformSettings().auth_secret.get_secret_value())


async def test_the_api_gives_an_auditor_the_verified_timeline_filtered_by_service_and_type(system, kafka_settings):
    await round_through_all_four(system)
    app = audit_app(system, kafka_settings)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://audit") as client:
        headers = {"Authorization": f"Bearer {auditor_token()}"}
        everything = (await client.get(f"/v1/audit/allianties/{ALLIANCE_ID}", headers=headers)).json()
        assert everything["verified"] is True
        assert everything["services"] == ["aanvraag", "notificatie", "toekenning", "verantwoording"]
        assert all(e["verified"] for e in everything["events"])
        only = (await client.get(f"/v1/audit/allianties/{ALLIANCE_ID}?service=toekenning&type=subsidie-verleend", headers=headers)).json()
        assert [(e["service"], e["type"]) for e in only["events"]] == [("toekenning", "subsidie-verleend")]
        penvoerder = TokenIssuer(PlatformSettings().auth_secret.get_secret_value()).issue(
            Actor(id="p", role=Role.PENVOERDER, alliances=frozenset({ALLIANCE_ID}))
        )
        refused = await client.get(f"/v1/audit/allianties/{ALLIANCE_ID}", headers={"Authorization": f"Bearer {penvoerder}"})
        assert refused.status_code == 403
        assert (await client.get(f"/v1/audit/allianties/{ALLIANCE_ID}")).status_code == 401


async def test_the_page_shows_the_timeline_in_a_headless_browser_and_a_screenshot_is_kept(system, kafka_settings):
    chromium = shutil.which("chromium")
    assert chromium, "the auditor's page is tested in Debian's chromium: `make test` installs it"
    await round_through_all_four(system)
    async with served_on_loopback(audit_app(system, kafka_settings)) as base:
        url = f"{base}/audit/allianties/{ALLIANCE_ID}#token={auditor_token()}"
        ARTIFACTS.mkdir(exist_ok=True)
        flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={ARTIFACTS / 'chromium-profile'}", "--virtual-time-budget=15000"]
        dom = await asyncio.create_subprocess_exec(chromium, *flags, "--dump-dom", url, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL)
        html = (await asyncio.wait_for(dom.communicate(), 120))[0].decode()
        assert "Geverifieerd:" in html, html[-2000:]
        for event_type in ("aanvraag-ingediend", "subsidie-verleend", "dossier-geopend", "notificatie-vastgelegd"):
            assert event_type in html
        assert "✗" not in html.split('id="events"')[1].split("</tbody>")[0], "every event is verified"
        screenshot = ARTIFACTS / "auditor-page.png"
        shot = await asyncio.create_subprocess_exec(
            chromium, *flags, f"--screenshot={screenshot}", "--window-size=1400,900", url,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )
        await asyncio.wait_for(shot.wait(), 120)
        assert screenshot.exists() and screenshot.stat().st_size > 10_000


async def test_after_an_erasure_the_auditor_sees_the_data_as_erased_and_everything_still_verifies(system, kafka_settings):
    await round_through_all_four(system)
    intake = system["aanvraag"]
    contact = (await intake.request("GET", f"/v1/allianties/{ALLIANCE_ID}", role="penvoerder", alliances=(ALLIANCE_ID,))).json()
    person = contact["contactpersoon"]["persoon_id"]
    assert (await intake.request("POST", f"/v1/personen/{person}/wissen", role="operator")).status_code == 200

    async def erasure_published() -> bool:
        return await intake.service.store.count_after(await intake.service.relay.position()) == 0

    await eventually(erasure_published, what="the erasure to reach the topic")
    app = audit_app(system, kafka_settings)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://audit") as client:
        view = (await client.get(f"/v1/audit/allianties/{ALLIANCE_ID}", headers={"Authorization": f"Bearer {auditor_token()}"})).json()
    assert view["verified"] is True
    registered = next(e for e in view["events"] if e["type"] == "alliantie-geregistreerd")
    assert registered["data"]["contactpersoon"]["naam"] == "[gewist]"
    assert registered["data"]["contactpersoon"]["email"] == "[gewist]"
    assert "persoonsgegevens-gewist" in view["types"]
    assert "Sam de Vries" not in str(view) and "ciphertext" not in str(view)
