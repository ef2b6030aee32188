"""Objection within its term and its outcome, amendment with a reason, extension as its own decision."""

from __future__ import annotations

from datetime import datetime

from allianties_shared.contracts.verantwoording import SubsidieVastgesteld
from allianties_shared.regulation.model import AMSTERDAM
from tests.support import eventually
from tests.toekenning.support import cloud_event, publish, score_and_grant

PENVOERDER_EEN = {"role": "penvoerder", "alliances": ("alliantie-een",)}


async def test_an_objection_within_the_term_gets_an_outcome_and_one_after_it_is_refused(two_on_priority_4):
    client = two_on_priority_4
    client.service.clock.set(datetime(2021, 6, 1, 9, 0, tzinfo=AMSTERDAM))
    rejection = {"besluit": "afgewezen", "motivering": "Een andere alliantie past beter.", "verwijzing": "Sociale Basis"}
    assert (await client.request("POST", "/v1/beoordelingen/a1-p5/besluit", role="besluitvormer", json=rejection)).status_code == 200
    other = await client.request("POST", "/v1/beoordelingen/a1-p5/bezwaar", role="penvoerder", alliances=("x",), json={"gronden": "y"})
    assert other.status_code == 404
    lodged = await client.request("POST", "/v1/beoordelingen/a1-p5/bezwaar", json={"gronden": "Onze aansluiting is onderschat."}, **PENVOERDER_EEN)
    assert lodged.status_code == 200, lodged.text
    decided = await client.request(
        "POST", "/v1/beoordelingen/a1-p5/bezwaar/beslissing", role="besluitvormer",
        json={"uitkomst": "ongegrond", "motivering": "De rangschikking is zorgvuldig tot stand gekomen."},
    )
    assert decided.json() == {"beoordeling_id": "a1-p5", "bezwaar": "ongegrond", "status": "afgewezen"}
    seen = (await client.request("GET", "/v1/beoordelingen/a1-p5", **PENVOERDER_EEN)).json()["bezwaar"]
    assert (seen["mogelijk_tot"], seen["uitkomst"]) == ("2021-07-13", "ongegrond")
    client.service.clock.set(datetime(2021, 7, 14, 9, 0, tzinfo=AMSTERDAM))
    late = await client.request("POST", "/v1/beoordelingen/a1-p5/bezwaar", json={"gronden": "Nog een keer."}, **PENVOERDER_EEN)
    assert (late.status_code, late.json()["rule"]) == (422, "objection-within-term")


async def test_a_grant_is_amended_with_a_reason_within_the_budget(two_on_priority_4):
    client = two_on_priority_4
    assert (await score_and_grant(client, "a1-p4", 10_000_000)).status_code == 200
    unreasoned = await client.request("POST", "/v1/beoordelingen/a1-p4/wijziging", role="besluitvormer", json={"bedrag_per_jaar_centen": 9_000_000, "reden": ""})
    assert (unreasoned.status_code, unreasoned.json()["field"]) == (422, "reden")
    too_much = await client.request(
        "POST", "/v1/beoordelingen/a1-p4/wijziging", role="besluitvormer", json={"bedrag_per_jaar_centen": 15_000_001, "reden": "Meer activiteiten"}
    )
    assert (too_much.status_code, too_much.json()["rule"]) == (422, "grant-within-budget")
    amended = await client.request(
        "POST", "/v1/beoordelingen/a1-p4/wijziging", role="besluitvormer", json={"bedrag_per_jaar_centen": 15_000_000, "reden": "Extra activiteiten"}
    )
    assert amended.status_code == 200, amended.text
    beschikking = (await client.request("GET", "/v1/beoordelingen/a1-p4", role="auditor")).json()["beschikking"]
    assert (beschikking["bedrag_per_jaar_centen"], beschikking["wijzigingsreden"]) == (15_000_000, "Extra activiteiten")
    events = [e.name for e in await client.service.store.read_all()]
    assert events.count("subsidie-gewijzigd") == 1 and events.count("budget-vastgelegd") == 2


async def test_the_extension_into_the_second_year_is_a_decision_of_its_own(two_on_priority_4):
    client = two_on_priority_4
    assert (await score_and_grant(client, "a1-p4", 10_000_000)).status_code == 200
    rejected = await client.request("POST", "/v1/beoordelingen/a2-p4/verlenging", role="besluitvormer", json={})
    assert (rejected.status_code, rejected.json()["rule"]) == (422, "grant-exists")
    extended = await client.request("POST", "/v1/beoordelingen/a1-p4/verlenging", role="besluitvormer", json={})
    assert extended.json() == {"beoordeling_id": "a1-p4", "periode_start": "2022-06-01", "periode_eind": "2023-05-31"}
    [event] = [e for e in await client.service.store.read_all() if e.name == "subsidie-verlengd"]
    assert event.data["beschikking_nummer"] == "BS-a1-p4-2" and len(event.data["voorschotten"]) == 4
    twice = await client.request("POST", "/v1/beoordelingen/a1-p4/verlenging", role="besluitvormer", json={})
    assert (twice.status_code, twice.json()["rule"]) == (422, "extension-once")


async def test_after_verantwoording_settled_the_grant_it_can_no_longer_be_amended(two_on_priority_4, kafka_settings):
    client = two_on_priority_4
    assert (await score_and_grant(client, "a1-p4", 10_000_000)).status_code == 200
    settled = SubsidieVastgesteld(
        dossier_id="a1-p4", alliantie_id="alliantie-een", vastgesteld_bedrag_centen=9_500_000, toegekend_totaal_centen=10_000_000,
        voorschotten_centen=10_000_000, verschil_centen=-500_000, uitkomst="terugvordering",
    )
    await publish(kafka_settings, cloud_event(settled, "verantwoording", "dossier-a1-p4", version=9), producer_service="verantwoording")

    async def settlement_seen() -> bool:
        found = await client.request("GET", "/v1/beoordelingen/a1-p4", role="auditor")
        return found.json()["beschikking"]["vastgesteld_bedrag_centen"] == 9_500_000

    await eventually(settlement_seen, what="the settlement recorded")
    refused = await client.request(
        "POST", "/v1/beoordelingen/a1-p4/wijziging", role="besluitvormer", json={"bedrag_per_jaar_centen": 11_000_000, "reden": "Later"}
    )
    assert (refused.status_code, refused.json()["rule"]) == (422, "amend-before-settlement")
