"""Assessors, conflicts of interest, scores and the explainable ranking through the HTTP API."""

from __future__ import annotations

from tests.toekenning.support import as_assessor, assign, score_all


async def scores_seen_by(client, assessment_id: str, assessor: str) -> list[dict]:
    response = await client.request("GET", f"/v1/beoordelingen/{assessment_id}/scores", **as_assessor(client, assessor))
    assert response.status_code == 200, response.text
    return response.json()["scores"]


async def test_nobody_sees_another_assessors_scores_before_their_own_are_in(two_on_priority_4):
    client = two_on_priority_4
    for assessor in ("b1", "b2"):
        assert (await assign(client, 4, assessor)).status_code == 201
    assert (await score_all(client, "a1-p4", "b1", 8)).status_code == 200
    assert await scores_seen_by(client, "a1-p4", "b2") == []
    partial = await client.request(
        "POST", "/v1/beoordelingen/a1-p4/scores",
        json={"scores": [{"criterium": "theory-of-change", "score": 6, "motivering": "Helder"}]}, **as_assessor(client, "b2"),
    )
    assert partial.json()["volledig"] is False
    assert {s["beoordelaar_id"] for s in await scores_seen_by(client, "a1-p4", "b2")} == {"b2"}
    assert (await score_all(client, "a1-p4", "b2", 6)).status_code == 200
    assert {s["beoordelaar_id"] for s in await scores_seen_by(client, "a1-p4", "b2")} == {"b1", "b2"}
    everything = await client.request("GET", "/v1/beoordelingen/a1-p4/scores", role="besluitvormer")
    assert len(everything.json()["scores"]) == 12


async def test_only_assigned_assessors_score_and_an_alliance_sees_no_scores(two_on_priority_4):
    client = two_on_priority_4
    not_assigned = await score_all(client, "a1-p4", "b9")
    assert (not_assigned.status_code, not_assigned.json()["rule"]) == (403, "assessor-assigned")
    decision_maker = await client.request(
        "POST", "/v1/beoordelingen/a1-p4/scores", role="besluitvormer",
        json={"scores": [{"criterium": "begroting", "score": 5, "motivering": "x"}]},
    )
    assert decision_maker.status_code == 403
    alliance = await client.request("GET", "/v1/beoordelingen/a1-p4/scores", role="penvoerder", alliances=("alliantie-een",))
    assert alliance.status_code == 403
    assert not [e for e in await client.service.store.read_all() if e.name == "score-gegeven"]


async def test_a_score_without_motivation_is_refused_naming_the_field_and_nothing_changes(two_on_priority_4):
    client = two_on_priority_4
    await assign(client, 4, "b1")
    before = len(await client.service.store.read_all())
    refused = await client.request(
        "POST", "/v1/beoordelingen/a1-p4/scores", headers={**client.token("beoordelaar", actor_id="b1"), "Accept-Language": "en"},
        role="beoordelaar",
        json={"scores": [{"criterium": "begroting", "score": 5, "motivering": "ok"}, {"criterium": "trackrecord", "score": 5, "motivering": ""}]},
    )
    assert refused.status_code == 422
    assert (refused.json()["rule"], refused.json()["field"]) == ("score-motivated", "scores.1.motivering")
    assert "written motivation" in refused.json()["detail"]
    assert len(await client.service.store.read_all()) == before


async def test_an_assessor_with_a_conflict_of_interest_is_excluded_from_that_application_only(two_on_priority_4):
    client = two_on_priority_4
    await assign(client, 4, "b1")
    declared = await client.request(
        "POST", "/v1/beoordelingen/a1-p4/belangenverstrengeling", json={"toelichting": "Lid van een partnerorganisatie"},
        **as_assessor(client, "b1"),
    )
    assert declared.status_code == 200
    excluded = await score_all(client, "a1-p4", "b1")
    assert (excluded.status_code, excluded.json()["rule"]) == (403, "assessor-without-conflict")
    assert (await score_all(client, "a2-p4", "b1")).status_code == 200
    ranking = await client.request("GET", "/v1/rondes/2021/prioriteiten/4/rangschikking", **as_assessor(client, "b1"))
    assert ranking.status_code == 200, "own scores are in wherever b1 may score"


async def test_the_ranking_per_priority_explains_per_criterion_what_made_the_difference(two_on_priority_4):
    client = two_on_priority_4
    await assign(client, 4, "b1")
    await score_all(client, "a1-p4", "b1", {"theory-of-change": 9, "beleidsaansluiting": 5})
    hidden = await client.request("GET", "/v1/rondes/2021/prioriteiten/4/rangschikking", **as_assessor(client, "b1"))
    assert (hidden.status_code, hidden.json()["rule"]) == (403, "own-scores-first")
    await score_all(client, "a2-p4", "b1", {"theory-of-change": 6, "beleidsaansluiting": 9})
    ranking = (await client.request("GET", "/v1/rondes/2021/prioriteiten/4/rangschikking", role="besluitvormer")).json()
    assert ranking["beoordelaars"] == ["b1"]
    first, second = ranking["rangschikking"]
    assert (first["beoordeling_id"], second["beoordeling_id"]) == ("a1-p4", "a2-p4")
    assert second["verschil_met_hogere"][0]["criterium"] == "theory-of-change"
    assert "beleidsaansluiting" in second["waarschuwing"]
    alliance = await client.request("GET", "/v1/rondes/2021/prioriteiten/4/rangschikking", role="penvoerder", alliances=("alliantie-een",))
    assert alliance.status_code == 403


async def test_an_assessor_is_assigned_to_a_priority_once_and_only_by_the_municipality(decisions):
    assert (await assign(decisions, 2, "b1")).status_code == 201
    twice = await assign(decisions, 2, "b1")
    assert (twice.status_code, twice.json()["rule"], twice.json()["field"]) == (422, "assessor-assigned-once", "beoordelaar_id")
    by_alliance = await decisions.request(
        "POST", "/v1/rondes/2021/prioriteiten/2/beoordelaars", role="penvoerder", alliances=("x",), json={"beoordelaar_id": "b2"}
    )
    assert by_alliance.status_code == 403
    unknown_round = await assign(decisions, 2, "b2", round_id="1999")
    assert unknown_round.status_code == 404
