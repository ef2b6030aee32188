"""An application from draft to receipt and beyond, through the HTTP API on the real database."""

from __future__ import annotations

import asyncio
import base64
import hashlib

from tests.aanvraag.complete_application import complete_application
from tests.aanvraag.examples import ALLIANCE, ALLIANCE_ID, budget_body, document_body
from tests.aanvraag.fakes import amsterdam

LEAD = {"role": "penvoerder", "alliances": (ALLIANCE_ID,)}
EN = {"Accept-Language": "en"}


async def registered(intake) -> None:
    assert (await intake.request("POST", "/v1/allianties", json=ALLIANCE, **LEAD)).status_code == 201


async def test_a_complete_application_is_submitted_with_a_receipt_and_listed_per_priority_and_status(settable_intake):
    intake = settable_intake
    await registered(intake)
    await complete_application(intake, "qa-2021", ALLIANCE_ID, prioriteiten=[2, 3], bedrag_per_jaar_centen=15_000_000)
    submitted = await intake.request("POST", "/v1/aanvragen/qa-2021/indienen", **LEAD)
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["status"] == "ingediend" and submitted.json()["referentie"].startswith("AV-2021-")

    on_three = (await intake.request("GET", "/v1/aanvragen?prioriteit=3&status=ingediend", role="accounthouder")).json()
    assert [a["aanvraag_id"] for a in on_three] == ["qa-2021"]
    assert on_three[0]["documenten"] == sorted(["activiteitenplan", "begroting", "samenwerkingsovereenkomst", "theory-of-change", "trackrecord"])
    assert (await intake.request("GET", "/v1/aanvragen?prioriteit=1", role="accounthouder")).json() == []
    overview = (await intake.request("GET", "/v1/aanvragen/overzicht", role="accounthouder")).json()
    assert overview == {"per_prioriteit": {"2": {"ingediend": 1}, "3": {"ingediend": 1}}, "per_status": {"ingediend": 1}}


async def test_a_late_submission_is_refused_in_the_callers_language_and_nothing_changes(settable_intake):
    intake = settable_intake
    await registered(intake)
    await complete_application(intake, "qa-2021", ALLIANCE_ID)
    before = len(await intake.service.store.read_all())
    moved = await intake.request("PUT", "/ops/clock", role="operator", json={"now": amsterdam(2021, 4, 1, 0, 1).isoformat()})
    assert moved.status_code == 200
    late = await intake.request("POST", "/v1/aanvragen/qa-2021/indienen", headers=EN, **LEAD)
    assert late.status_code == 422
    assert late.headers["content-type"] == "application/problem+json"
    assert late.json()["rule"] == "application-window"
    assert "Outside the period for applications (01-04-2021 00:01 Amsterdam time)" in late.json()["detail"]
    dutch = await intake.request("POST", "/v1/aanvragen/qa-2021/indienen", **LEAD)
    assert "Buiten de periode" in dutch.json()["detail"]
    assert len(await intake.service.store.read_all()) == before


async def test_a_second_submit_is_refused_and_an_incomplete_one_names_what_is_missing(settable_intake):
    intake = settable_intake
    await registered(intake)
    intake.service.clock.set(amsterdam(2021, 3, 31, 23, 58))
    draft = {"aanvraag_id": "haastig", "alliantie_id": ALLIANCE_ID, "prioriteiten": [4], "bedrag_per_jaar_centen": 9_000_000}
    assert (await intake.request("POST", "/v1/aanvragen", json=draft, **LEAD)).status_code == 201
    incomplete = await intake.request("POST", "/v1/aanvragen/haastig/indienen", headers=EN, **LEAD)
    assert incomplete.json()["rule"] == "application-complete" and incomplete.json()["field"] == "documenten"
    assert "trackrecord" in incomplete.json()["detail"]
    await complete_application(intake, "haastig", ALLIANCE_ID, draft=False, moment=amsterdam(2021, 3, 31, 23, 58))
    assert (await intake.request("POST", "/v1/aanvragen/haastig/indienen", **LEAD)).status_code == 200
    again = await intake.request("POST", "/v1/aanvragen/haastig/indienen", headers=EN, **LEAD)
    assert again.status_code == 422 and again.json()["rule"] == "application-submitted-once"


async def test_documents_are_downloadable_by_their_alliance_and_the_municipality_only(settable_intake):
    intake = settable_intake
    await registered(intake)
    await complete_application(intake, "qa-2021", ALLIANCE_ID)
    content = b"%PDF-1.7 onze Theory of Change, versie 2"
    added = await intake.request("POST", "/v1/aanvragen/qa-2021/documenten", json=document_body("theory-of-change", content), **LEAD)
    assert added.status_code == 201
    assert added.json()["sha256"] == hashlib.sha256(content).hexdigest() and added.json()["grootte_bytes"] == len(content)
    listed = (await intake.request("GET", "/v1/aanvragen/qa-2021/documenten", role="partner", alliances=(ALLIANCE_ID,))).json()
    assert len(listed) == 6
    url = f"/v1/aanvragen/qa-2021/documenten/{added.json()['document_id']}"
    download = await intake.request("GET", url, role="partner", alliances=(ALLIANCE_ID,))
    assert download.status_code == 200 and download.content == content
    assert (await intake.request("GET", url, role="beoordelaar")).content == content
    assert (await intake.request("GET", url, role="partner", alliances=("andere",))).status_code == 404
    stored = await intake.service.pool.fetchval("SELECT string_agg(data::text, '') FROM events")
    assert base64.b64encode(content).decode() not in stored and "onze Theory of Change" not in stored


async def test_a_document_over_twenty_megabytes_is_refused_with_a_clear_error(settable_intake):
    intake = settable_intake
    await registered(intake)
    await complete_application(intake, "qa-2021", ALLIANCE_ID)
    huge = document_body("begroting", b"0" * (20 * 1024 * 1024 + 1))
    refused = await intake.request("POST", "/v1/aanvragen/qa-2021/documenten", json=huge, headers=EN, **LEAD)
    assert refused.status_code == 422
    assert refused.json()["rule"] == "document-size" and refused.json()["field"] == "inhoud_base64"
    assert "at most 20 MB" in refused.json()["detail"]


async def test_a_budget_with_too_much_coordination_is_refused_naming_the_year(settable_intake):
    intake = settable_intake
    await registered(intake)
    await complete_application(intake, "qa-2021", ALLIANCE_ID)
    body = budget_body(10_000_000, 1_600_000, years=("2021-2022", "2022-2023"))
    refused = await intake.request("PUT", "/v1/aanvragen/qa-2021/begroting", json=body, headers=EN, **LEAD)
    assert refused.status_code == 422
    assert refused.json()["field"] == "jaren.0.coordinatie_centen"
    assert "16.0%" in refused.json()["detail"] and "at most 15%" in refused.json()["detail"]


async def test_completion_is_requested_by_the_accounthouder_and_answered_in_time(settable_intake):
    intake = settable_intake
    await registered(intake)
    await complete_application(intake, "qa-2021", ALLIANCE_ID)
    await intake.request("POST", "/v1/aanvragen/qa-2021/indienen", **LEAD)
    intake.service.clock.set(amsterdam(2021, 4, 6, 9, 0))
    refused = await intake.request("POST", "/v1/aanvragen/qa-2021/aanvulling", json={"reden": "Begroting mist"}, **LEAD)
    assert refused.status_code == 403
    asked = await intake.request("POST", "/v1/aanvragen/qa-2021/aanvulling", json={"reden": "De begroting mist de verdeling."}, role="accounthouder")
    assert asked.status_code == 200 and asked.json()["termijn"] == "2021-04-20"
    application = (await intake.request("GET", "/v1/aanvragen/qa-2021", **LEAD)).json()
    assert application["status"] == "aanvulling-gevraagd" and application["reden"] == "De begroting mist de verdeling."
    completed = await intake.request("POST", "/v1/aanvragen/qa-2021/aanvullen", **LEAD)
    assert completed.status_code == 200 and completed.json()["status"] == "aangevuld"


async def test_withdrawal_and_inadmissibility_carry_their_reason(settable_intake):
    intake = settable_intake
    await registered(intake)
    await complete_application(intake, "qa-2021", ALLIANCE_ID)
    await complete_application(intake, "qa-2021-b", ALLIANCE_ID)
    await intake.request("POST", "/v1/aanvragen/qa-2021-b/indienen", **LEAD)
    withdrawn = await intake.request("POST", "/v1/aanvragen/qa-2021/intrekken", json={"reden": "Dubbel aangemaakt."}, **LEAD)
    assert withdrawn.json()["status"] == "ingetrokken"
    declared = await intake.request("POST", "/v1/aanvragen/qa-2021-b/niet-ontvankelijk", json={"reden": "Geen alliantie."}, role="beoordelaar")
    assert declared.json()["status"] == "niet-ontvankelijk"
    statuses = {a["aanvraag_id"]: (a["status"], a["reden"]) for a in (await intake.request("GET", "/v1/aanvragen", role="auditor")).json()}
    assert statuses == {"qa-2021": ("ingetrokken", "Dubbel aangemaakt."), "qa-2021-b": ("niet-ontvankelijk", "Geen alliantie.")}


async def test_partners_read_their_own_alliances_applications_and_no_others(settable_intake):
    intake = settable_intake
    await registered(intake)
    other = {**ALLIANCE, "alliantie_id": "bipoc-alliantie", "naam": "BIPOC alliantie"}
    assert (await intake.request("POST", "/v1/allianties", json=other, role="penvoerder", alliances=("bipoc-alliantie",))).status_code == 201
    await complete_application(intake, "qa-2021", ALLIANCE_ID)
    own = (await intake.request("GET", "/v1/aanvragen", role="partner", alliances=(ALLIANCE_ID,))).json()
    assert [a["aanvraag_id"] for a in own] == ["qa-2021"]
    assert (await intake.request("GET", "/v1/aanvragen", role="partner", alliances=("bipoc-alliantie",))).json() == []
    assert (await intake.request("GET", "/v1/aanvragen/qa-2021", role="penvoerder", alliances=("bipoc-alliantie",))).status_code == 404
    assert len((await intake.request("GET", "/v1/allianties", role="accounthouder")).json()) == 2
    assert [a["alliantie_id"] for a in (await intake.request("GET", "/v1/allianties", role="partner", alliances=(ALLIANCE_ID,))).json()] == [ALLIANCE_ID]
    partner_submit = await intake.request("POST", "/v1/aanvragen/qa-2021/indienen", role="partner", alliances=(ALLIANCE_ID,))
    assert partner_submit.status_code == 403 and partner_submit.json()["rule"] == "alliance-lead"


async def test_the_regulation_and_a_round_are_readable(settable_intake):
    regulation = (await settable_intake.http.get("/v1/regeling")).json()
    assert regulation["max_coordinatie_procent"] == 15 and len(regulation["prioriteiten"]) == 7
    assert regulation["talen"] == ["nl", "en"]
    ronde = (await settable_intake.http.get("/v1/rondes/2021")).json()
    assert ronde["aanvragen"] == {"van": "2021-02-01", "tot": "2021-03-31"}
    assert ronde["vensters"]["aanvragen"]["opent"].startswith("2021-02-01T00:00:00+01:00")
    assert (await settable_intake.http.get("/v1/rondes/2024")).json()["subsidieperiode"]["soort"] == "kalenderjaar"
    missing = await settable_intake.http.get("/v1/rondes/1999", headers=EN)
    assert missing.status_code == 404 and missing.json()["rule"] == "round-exists"


async def test_two_submits_at_the_same_moment_give_one_receipt_and_one_refusal(settable_intake):
    intake = settable_intake
    await registered(intake)
    await complete_application(intake, "qa-2021", ALLIANCE_ID, moment=amsterdam(2021, 3, 31, 23, 58))
    first, second = await asyncio.gather(
        intake.request("POST", "/v1/aanvragen/qa-2021/indienen", **LEAD), intake.request("POST", "/v1/aanvragen/qa-2021/indienen", **LEAD)
    )
    assert sorted([first.status_code, second.status_code]) == [200, 422]
    events = [e.name for e in await intake.service.store.read_all()]
    assert events.count("aanvraag-ingediend") == 1
