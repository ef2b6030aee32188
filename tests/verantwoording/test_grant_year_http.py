"""One grant year through the HTTP API on the real database: plan, activities, MSC, conversations,
reports (returned, late), and the final settlement."""

from __future__ import annotations

from tests.verantwoording.builders import ALLIANCE, BUDGET, PLAN, at
from tests.verantwoording.conftest import PARTNER, PENVOERDER, call, open_dossier, set_clock, wait_until

D = "/v1/dossiers/regenboog-2021-p2"
AH = {"role": "accounthouder", "actor": "ah-fatima"}
PROGRESS = [{"onderdeel": item, "toelichting": "Loopt volgens plan"} for item in PLAN]


def spent(papaya: int, coordination: int = 1_000_000) -> list[dict]:
    return [
        {"partner": "Papaya Kuir", "post": "activiteiten", "besteed_centen": papaya},
        {"partner": "COC Amsterdam", "post": "coordinatie", "besteed_centen": coordination},
    ]


async def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.text
    return response.json()


async def test_a_grant_year_runs_from_plan_to_settlement_with_a_returned_and_a_late_report(accountability):
    client = accountability
    await open_dossier(client)
    await ok(await call(client, "POST", f"/v1/allianties/{ALLIANCE}/accounthouder", **AH, json={"accounthouder_id": "ah-fatima", "naam": "Fatima"}))
    budget = [line.model_dump() for line in BUDGET]
    await ok(await client.request("PUT", f"{D}/plan", json={"activiteitenplan": PLAN, "begroting": budget}, **PENVOERDER))

    activity = {"activiteit_id": "pride-debat", "titel": "Pride-debat", "datum": "2021-07-31", "plaats": "OBA Oosterdok",
                "partners": ["Papaya Kuir", "COC Amsterdam"], "onderdeel": "Pride-debatten", "accounthouder_uitnodigen": True}
    await ok(await client.request("POST", f"{D}/activiteiten", json=activity, **PARTNER), 201)
    await set_clock(client, at(2021, 8, 2))
    attended = await ok(await call(client, "POST", f"{D}/activiteiten/pride-debat/aanwezigheid", **AH, json={"aanwezig": True}))
    assert attended["aanwezig"] is True
    story = {"activiteit_id": "pride-debat", "partner": "Papaya Kuir", "rol": "deelnemer", "verteller": "Lina",
             "wat_veranderde": "I told my family", "waarom_belangrijkst": "First time I felt safe", "taal": "en"}
    story_id = (await ok(await client.request("POST", f"{D}/msc-verhalen", json=story, **PARTNER), 201))["verhaal_id"]

    msc = await ok(await client.request("GET", f"{D}/msc?halfjaar=1", **PENVOERDER))
    assert msc["verzameld_per_partner"] == {"Papaya Kuir": 1}
    assert msc["ontbreekt_van"] == ["COC Amsterdam", "MarokQueer Zawia"]
    assert msc["verhalen"][0]["verteller"] == "Lina"
    await ok(await call(client, "POST", f"{D}/msc-selecties", **AH,
                        json={"halfjaar": 1, "keuzes": [{"verhaal_id": story_id, "reden": "Raakt de kern van de TOC"}]}))

    await ok(await call(client, "POST", f"{D}/kwartaalgesprekken/kwartaal-1/planning", **AH, json={"datum": "2021-08-20"}))
    await set_clock(client, at(2021, 8, 20))
    await ok(await call(client, "POST", f"{D}/kwartaalgesprekken/kwartaal-1/verslag", **AH,
                        json={"notities": "Goede start", "afspraken": ["MSC-formulier in het Engels"]}))
    annotated = await ok(await client.request("POST", f"{D}/kwartaalgesprekken/kwartaal-1/notities-alliantie",
                                              json={"notities": "Fijn dat de accounthouder er was"}, **PENVOERDER))
    assert annotated["notities_alliantie"] == "Fijn dat de accounthouder er was"

    await set_clock(client, at(2021, 12, 10))
    report = {"voortgang": PROGRESS, "msc_verhalen": [story_id], "financien": spent(2_000_000)}
    await ok(await client.request("POST", f"{D}/rapportages/halfjaar-1", json=report, **PENVOERDER))
    returned = await ok(await call(client, "POST", f"{D}/rapportages/halfjaar-1/terugsturen", **AH, json={"opmerkingen": "Uitsplitsen per partner"}))
    assert returned["status"] == "teruggestuurd"
    await ok(await client.request("POST", f"{D}/rapportages/halfjaar-1", json=report, **PENVOERDER))
    await ok(await call(client, "POST", f"{D}/rapportages/halfjaar-1/accepteren", **AH))

    await set_clock(client, at(2022, 7, 2))  # the second half-year's report is two days late

    async def flagged() -> bool:
        terms = (await client.request("GET", f"{D}/termijnen", **PENVOERDER)).json()
        return "halfjaar-2" in terms["te_laat"]

    await wait_until(flagged, "the late report flagged by the ticker")
    late = await ok(await client.request("POST", f"{D}/rapportages/halfjaar-2", json={**report, "financien": spent(2_500_000)}, **PENVOERDER))
    assert late["te_laat"] is True and late["ingediend_te_laat"] is True
    await ok(await call(client, "POST", f"{D}/rapportages/halfjaar-2/accepteren", **AH))
    await ok(await client.request("POST", f"{D}/rapportages/eindverslag", json={"voortgang": PROGRESS}, **PENVOERDER))
    await ok(await call(client, "POST", f"{D}/rapportages/eindverslag/accepteren", **AH))

    spending = await ok(await client.request("GET", f"{D}/bestedingen", **PENVOERDER))
    papaya = next(line for line in spending["posten"] if line["partner"] == "Papaya Kuir")
    assert papaya["besteed_centen"] == 4_500_000 and papaya["resterend_centen"] == 500_000
    assert spending["coordinatie"] == {"besteed_centen": 2_000_000, "maximum_centen": 2_700_000, "max_procent": 15}

    settled = await ok(await call(client, "POST", f"{D}/vaststelling", **AH))
    assert settled["vastgesteld_bedrag_centen"] == 6_500_000
    assert settled["verschil_centen"] == 6_500_000 - 18_000_000 and settled["uitkomst"] == "terugvordering"
    dossier = await ok(await client.request("GET", D, role="auditor"))
    assert dossier["status"] == "gesloten" and dossier["vaststelling"]["uitkomst"] == "terugvordering"
    names = [e.name for e in await client.service.store.read_all() if e.stream_id == "dossier-regenboog-2021-p2"]
    assert names.count("termijn-overschreden") == sum(t["te_laat"] for t in dossier["termijnen"])  # once per late item
    assert names[-2:] == ["subsidie-vastgesteld", "dossier-gesloten"]
