"""Grants within budget and limits, rejections, unfunded priorities, through the HTTP API on the real database."""

from __future__ import annotations

import asyncio

from tests.toekenning.support import assign, score_all, score_and_grant


async def grant(client, assessment_id: str, amount: int):
    return await client.request(
        "POST", f"/v1/beoordelingen/{assessment_id}/besluit", role="besluitvormer",
        json={"besluit": "verleend", "bedrag_per_jaar_centen": amount},
    )


async def budget_of(client, priority: int) -> dict:
    rows = (await client.request("GET", "/v1/rondes/2021/budget", role="besluitvormer")).json()
    return next(r for r in rows if r["prioriteit"] == priority)


async def test_a_grant_is_a_beschikking_from_the_regulation_and_the_budget_shows_what_is_left(two_on_priority_4):
    client = two_on_priority_4
    granted = await score_and_grant(client, "a1-p4", 12_000_000)
    assert granted.status_code == 200, granted.text
    assert granted.json()["bezwaar_mogelijk_tot"] == "2021-05-27"
    beschikking = (await client.request("GET", "/v1/beoordelingen/a1-p4", role="penvoerder", alliances=("alliantie-een",))).json()["beschikking"]
    assert (beschikking["periode_start"], beschikking["periode_eind"], beschikking["verlengingsintentie"]) == ("2021-06-01", "2022-05-31", True)
    assert beschikking["verplichtingen"] == ["kwartaalgesprekken", "halfjaarlijkse-verantwoording"]
    assert [v["bedrag_centen"] for v in beschikking["voorschotten"]] == [3_000_000] * 4
    budget = await budget_of(client, 4)
    assert (budget["budget_centen"], budget["gemeentelijk_deel_centen"]) == (18_000_000, 3_000_000)
    assert (budget["toegekend_centen"], budget["resterend_centen"], budget["toekenningen"]) == (12_000_000, 3_000_000, ["a1-p4"])


async def test_a_grant_above_what_is_left_is_refused_and_nothing_changes(two_on_priority_4):
    client = two_on_priority_4
    await assign(client, 4, "b1")
    await score_all(client, "a1-p4", "b1")
    before = len(await client.service.store.read_all())
    refused = await grant(client, "a1-p4", 15_000_001)
    assert (refused.status_code, refused.json()["rule"], refused.json()["field"]) == (422, "grant-within-budget", "bedrag_per_jaar_centen")
    assert len(await client.service.store.read_all()) == before
    assert (await client.request("GET", "/v1/beoordelingen/a1-p4", role="auditor")).json()["status"] == "open"


async def test_a_grant_before_any_assessor_scored_everything_is_refused(two_on_priority_4):
    refused = await grant(two_on_priority_4, "a1-p4", 1_000_000)
    assert (refused.status_code, refused.json()["rule"]) == (422, "grant-after-scoring")


async def test_only_the_decision_maker_decides(two_on_priority_4):
    client = two_on_priority_4
    for role in ("beoordelaar", "accounthouder"):
        refused = await client.request("POST", "/v1/beoordelingen/a1-p4/besluit", role=role, json={"besluit": "afgewezen", "motivering": "x"})
        assert refused.status_code == 403


async def test_two_decision_makers_granting_on_one_priority_at_the_same_moment_grant_once(two_on_priority_4):
    client = two_on_priority_4
    await assign(client, 4, "b1")
    for id in ("a1-p4", "a2-p4"):
        await score_all(client, id, "b1")
    first, second = await asyncio.gather(grant(client, "a1-p4", 15_000_000), grant(client, "a2-p4", 15_000_000))
    assert sorted([first.status_code, second.status_code]) == [200, 422]
    assert [r.json()["rule"] for r in (first, second) if r.status_code == 422] in (["grants-per-priority"], ["grant-within-budget"])
    budget = await budget_of(client, 4)
    assert (budget["toegekend_centen"], budget["resterend_centen"], len(budget["toekenningen"])) == (15_000_000, 0, 1)
    assert len([e for e in await client.service.store.read_all() if e.name == "subsidie-verleend"]) == 1


async def test_the_same_assessment_granted_twice_at_the_same_moment_is_granted_once(two_on_priority_4):
    client = two_on_priority_4
    await assign(client, 4, "b1")
    await score_all(client, "a1-p4", "b1")
    results = await asyncio.gather(*(grant(client, "a1-p4", 5_000_000) for _ in range(4)))
    assert sorted(r.status_code for r in results) == [200, 422, 422, 422]
    assert len([e for e in await client.service.store.read_all() if e.name == "budget-vastgelegd"]) == 1


async def test_a_rejection_carries_a_motivation_and_referral_and_the_alliance_sees_only_its_own(two_on_priority_4):
    client = two_on_priority_4
    rejection = {"besluit": "afgewezen", "motivering": "Een andere alliantie sluit beter aan.", "verwijzing": "Sociale Basis"}
    assert (await client.request("POST", "/v1/beoordelingen/a2-p4/besluit", role="besluitvormer", json=rejection)).status_code == 200
    own = (await client.request("GET", "/v1/besluiten", role="penvoerder", alliances=("alliantie-twee",))).json()
    assert [(d["beoordeling_id"], d["motivering"], d["verwijzing"]) for d in own] == [("a2-p4", rejection["motivering"], "Sociale Basis")]
    assert (await client.request("GET", "/v1/besluiten", role="penvoerder", alliances=("alliantie-een",))).json() == []
    hidden = await client.request("GET", "/v1/beoordelingen/a2-p4", role="partner", alliances=("alliantie-een",))
    assert hidden.status_code == 404
    unmotivated = await client.request("POST", "/v1/beoordelingen/a1-p4/besluit", role="besluitvormer", json={"besluit": "afgewezen"})
    assert (unmotivated.status_code, unmotivated.json()["field"]) == (422, "motivering")


async def test_a_priority_without_a_suitable_alliance_stays_unfunded(decisions):
    declared = await decisions.request(
        "POST", "/v1/rondes/2021/prioriteiten/7/onvervuld", role="besluitvormer", json={"motivering": "Het enige plan past niet."}
    )
    assert declared.status_code == 200
    budget = await budget_of(decisions, 7)
    assert (budget["onvervuld"], budget["toegekend_centen"]) == (True, 0)
    again = await decisions.request("POST", "/v1/rondes/2021/prioriteiten/7/onvervuld", role="besluitvormer", json={"motivering": "x"})
    assert (again.status_code, again.json()["rule"]) == (422, "priority-unfunded")
