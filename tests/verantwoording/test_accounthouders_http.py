"""Accounthouder continuity through the HTTP API: assignment, handover, leaving, and the list of alliances without one."""

from __future__ import annotations

from tests.verantwoording.builders import ALLIANCE
from tests.verantwoording.conftest import PENVOERDER, call, open_dossier

FATIMA = {"accounthouder_id": "ah-fatima", "naam": "Fatima El Amrani"}
JOOST = {"accounthouder_id": "ah-joost", "naam": "Joost Visser", "notitie": "H1-rapportage teruggestuurd; Q3-gesprek gepland"}


async def without(client) -> list[str]:
    return [a["alliantie_id"] for a in (await client.request("GET", "/v1/allianties-zonder-accounthouder", role="auditor")).json()]


async def test_an_alliance_without_an_accounthouder_is_listed_until_one_is_assigned_and_the_handover_is_in_its_history(accountability):
    await open_dossier(accountability)
    assert await without(accountability) == [ALLIANCE]

    assigned = await call(accountability, "POST", f"/v1/allianties/{ALLIANCE}/accounthouder", role="accounthouder", actor="ah-fatima", json=FATIMA)
    assert assigned.status_code == 200, assigned.text
    assert await without(accountability) == []

    stranger = await call(accountability, "POST", f"/v1/allianties/{ALLIANCE}/accounthouder", role="accounthouder", actor="ah-joost", json=JOOST)
    assert stranger.status_code == 403 and stranger.json()["rule"] == "accounthouder-current"
    handed = await call(accountability, "POST", f"/v1/allianties/{ALLIANCE}/accounthouder", role="accounthouder", actor="ah-fatima", json=JOOST)
    assert handed.status_code == 200, handed.text

    seen = (await accountability.request("GET", f"/v1/allianties/{ALLIANCE}/accounthouder", **PENVOERDER)).json()
    assert seen["accounthouder_id"] == "ah-joost" and seen["naam"] == "Joost Visser"
    assert [h["gebeurtenis"] for h in seen["geschiedenis"]] == [
        "alliantie-zonder-accounthouder-gesignaleerd", "accounthouder-toegewezen", "accounthouder-overgedragen"
    ]
    assert seen["geschiedenis"][-1]["overdrachtsnotitie"].startswith("H1-rapportage")

    left = await call(accountability, "POST", f"/v1/allianties/{ALLIANCE}/accounthouder/vertrek", role="accounthouder", actor="ah-joost",
                      json={"reden": "Andere functie"})
    assert left.status_code == 200, left.text
    listed = (await accountability.request("GET", "/v1/allianties-zonder-accounthouder", role="besluitvormer")).json()
    assert [a["alliantie_id"] for a in listed] == [ALLIANCE] and listed[0]["zonder_accounthouder_sinds"] is not None


async def test_alliance_members_cannot_assign_or_read_the_list_and_another_alliance_is_not_visible(accountability):
    await open_dossier(accountability)
    refused = await accountability.request("POST", f"/v1/allianties/{ALLIANCE}/accounthouder", json=FATIMA, **PENVOERDER)
    assert refused.status_code == 403
    assert (await accountability.request("GET", "/v1/allianties-zonder-accounthouder", **PENVOERDER)).status_code == 403
    hidden = await accountability.request("GET", f"/v1/allianties/{ALLIANCE}/accounthouder", role="partner", alliances=("een-andere",))
    assert hidden.status_code == 404


async def test_a_handover_without_a_note_is_refused_in_the_callers_language_and_changes_nothing(accountability):
    await call(accountability, "POST", f"/v1/allianties/{ALLIANCE}/accounthouder", role="besluitvormer", json=FATIMA)
    before = len(await accountability.service.store.read_all())
    refused = await call(
        accountability, "POST", f"/v1/allianties/{ALLIANCE}/accounthouder", role="besluitvormer",
        json={**JOOST, "notitie": ""}, headers={"Accept-Language": "en"},
    )
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["rule"] == "handover-note" and refused.json()["field"] == "notitie"
    assert "handover" in refused.json()["detail"]
    assert len(await accountability.service.store.read_all()) == before
