"""The intake service through its HTTP API, on the real database and broker."""

from __future__ import annotations

from tests.aanvraag.conftest import ALLIANCE


async def test_a_penvoerder_registers_an_alliance_and_reads_it_back_with_the_contact_person(intake):
    created = await intake.request("POST", "/v1/allianties", role="penvoerder", alliances=("queer-amsterdam",), json=ALLIANCE)
    assert created.status_code == 201, created.text
    read = await intake.request("GET", "/v1/allianties/queer-amsterdam", role="partner", alliances=("queer-amsterdam",))
    assert read.status_code == 200
    assert read.json()["contactpersoon"]["naam"] == "Sam de Vries"


async def test_a_single_organisation_cannot_register_and_nothing_is_recorded(intake):
    alone = {**ALLIANCE, "partners": [ALLIANCE["partners"][0]]}
    refused = await intake.request(
        "POST", "/v1/allianties", role="penvoerder", alliances=("queer-amsterdam",), json=alone,
        headers={"Accept-Language": "en"},
    )
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["rule"] == "alliance-minimum-partners"
    assert refused.json()["field"] == "partners"
    assert "single organisation" in refused.json()["detail"]
    assert await intake.service.store.read_all() == []


async def test_another_alliance_does_not_exist_for_a_partner(intake):
    await intake.request("POST", "/v1/allianties", role="penvoerder", alliances=("queer-amsterdam",), json=ALLIANCE)
    hidden = await intake.request("GET", "/v1/allianties/queer-amsterdam", role="partner", alliances=("other",))
    assert hidden.status_code == 404


async def test_an_invalid_kvk_number_is_refused_naming_the_field(intake):
    bad = {**ALLIANCE, "penvoerder": {"kvk": "12", "naam": "COC"}}
    refused = await intake.request("POST", "/v1/allianties", role="penvoerder", alliances=("queer-amsterdam",), json=bad)
    assert (refused.status_code, refused.json()["rule"]) == (400, "invalid-input")  # syntactically invalid: 400, not 422
    assert refused.json()["field"] == "penvoerder.kvk"
    assert [p["name"] for p in refused.json()["invalid-params"]] == ["penvoerder.kvk"]


async def test_a_request_without_a_token_is_refused(intake):
    response = await intake.http.post("/v1/allianties", json=ALLIANCE)
    assert response.status_code == 401
    assert response.json()["rule"] == "authentication"
