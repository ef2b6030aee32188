"""Who may do what: alliance members submit and read their own, accounthouders handle the alliances
assigned to them, auditors read all; broken rules answer problem+json and record nothing."""

from __future__ import annotations

from tests.verantwoording.builders import ALLIANCE, BUDGET, PLAN, at
from tests.verantwoording.conftest import PENVOERDER, call, open_dossier, set_clock

D = "/v1/dossiers/regenboog-2021-p2"
OTHER = {"role": "penvoerder", "alliances": ("een-andere-alliantie",)}


async def planned(client) -> None:
    await open_dossier(client)
    await call(client, "POST", f"/v1/allianties/{ALLIANCE}/accounthouder", role="besluitvormer",
               json={"accounthouder_id": "ah-fatima", "naam": "Fatima"})
    body = {"activiteitenplan": PLAN, "begroting": [line.model_dump() for line in BUDGET]}
    assert (await client.request("PUT", f"{D}/plan", json=body, **PENVOERDER)).status_code == 200


async def test_another_alliance_does_not_see_or_touch_the_dossier(accountability):
    await planned(accountability)
    assert (await accountability.request("GET", "/v1/dossiers", **OTHER)).json() == []
    assert (await accountability.request("GET", D, **OTHER)).status_code == 404
    assert (await accountability.request("GET", f"{D}/msc", **OTHER)).status_code == 404
    activity = {"activiteit_id": "x1", "titel": "X", "datum": "2021-07-01", "plaats": "Y", "partners": ["Papaya Kuir"]}
    assert (await accountability.request("POST", f"{D}/activiteiten", json=activity, **OTHER)).status_code == 404


async def test_an_accounthouder_not_assigned_to_the_alliance_cannot_handle_its_reports(accountability):
    await planned(accountability)
    await set_clock(accountability, at(2021, 12, 5))
    report = {"voortgang": [{"onderdeel": p, "toelichting": "ok"} for p in PLAN]}
    assert (await accountability.request("POST", f"{D}/rapportages/halfjaar-1", json=report, **PENVOERDER)).status_code == 200
    stranger = await call(accountability, "POST", f"{D}/rapportages/halfjaar-1/accepteren", role="accounthouder", actor="ah-joost")
    assert stranger.status_code == 403 and stranger.json()["rule"] == "accounthouder-current"
    assigned = await call(accountability, "POST", f"{D}/rapportages/halfjaar-1/accepteren", role="accounthouder", actor="ah-fatima")
    assert assigned.status_code == 200, assigned.text


async def test_an_auditor_reads_everything_but_submits_nothing_and_a_partner_does_not_submit_reports(accountability):
    await planned(accountability)
    assert (await accountability.request("GET", D, role="auditor")).status_code == 200
    assert (await accountability.request("GET", f"{D}/bestedingen", role="auditor")).json()["begroot_totaal_centen"] == 18_000_000
    report = {"voortgang": [{"onderdeel": p, "toelichting": "ok"} for p in PLAN]}
    assert (await accountability.request("POST", f"{D}/rapportages/halfjaar-1", json=report, role="auditor")).status_code == 403
    partner = await accountability.request("POST", f"{D}/rapportages/halfjaar-1", json=report, role="partner", alliances=(ALLIANCE,))
    assert partner.status_code == 403


async def test_spending_off_the_budget_is_refused_as_problem_json_naming_rule_and_field_and_records_nothing(accountability):
    await planned(accountability)
    await set_clock(accountability, at(2021, 12, 5))
    report = {"voortgang": [{"onderdeel": p, "toelichting": "ok"} for p in PLAN],
              "financien": [{"partner": "Papaya Kuir", "post": "catering", "besteed_centen": 5000}]}
    refused = await accountability.request("POST", f"{D}/rapportages/halfjaar-1", json=report, **PENVOERDER)
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["rule"] == "spending-on-budget-line" and refused.json()["field"] == "financien"
    assert "Niet begroot" in refused.json()["detail"]
    assert "rapportage-ingediend" not in [e.name for e in await accountability.service.store.read_all()]


async def test_the_storytellers_name_is_sealed_in_the_event_and_never_in_its_context(accountability):
    await planned(accountability)
    activity = {"activiteit_id": "a1", "titel": "X", "datum": "2021-07-01", "plaats": "Y", "partners": ["Papaya Kuir"]}
    await accountability.request("POST", f"{D}/activiteiten", json=activity, **PENVOERDER)
    await set_clock(accountability, at(2021, 7, 2))
    story = {"activiteit_id": "a1", "partner": "Papaya Kuir", "rol": "organisator", "verteller": "Samira Bouzid",
             "wat_veranderde": "Meer bezoekers", "waarom_belangrijkst": "Nieuwe doelgroep"}
    assert (await accountability.request("POST", f"{D}/msc-verhalen", json=story, **PENVOERDER)).status_code == 201
    [recorded] = [e for e in await accountability.service.store.read_all() if e.name == "msc-verhaal-ingediend"]
    assert "Samira" not in str(recorded.data) and "Samira" not in str(recorded.metadata)
    assert set(recorded.data["verteller"]) == {"subject", "ciphertext"}
