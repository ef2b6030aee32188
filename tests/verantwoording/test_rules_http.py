"""Broken rules through the HTTP API on the real database: 422 problem+json naming the rule and the field."""

from __future__ import annotations

import pytest

from tests.verantwoording.builders import ALLIANCE, BUDGET, PLAN
from tests.verantwoording.conftest import PENVOERDER, call, open_dossier

D = "/v1/dossiers/regenboog-2021-p2"
AH = {"role": "accounthouder", "actor": "ah-fatima"}
ACTIVITY = {"activiteit_id": "debat", "titel": "Debat", "datum": "2021-07-01", "plaats": "OBA", "partners": ["Papaya Kuir"]}

CASES = [
    ("PUT", "/plan", PENVOERDER, {"activiteitenplan": PLAN, "begroting": [
        {"partner": "COC Amsterdam", "post": "coordinatie", "bedrag_centen": 5_000_000, "coordinatie": True}]},
     "coordination-share-maximum", "begroting"),
    ("POST", "/activiteiten", PENVOERDER, {**ACTIVITY, "activiteit_id": "later", "datum": "2022-07-01"}, "activity-in-period", "datum"),
    ("POST", "/msc-verhalen", PENVOERDER, {"activiteit_id": "debat", "partner": "Papaya Kuir", "rol": "deelnemer",
                                            "wat_veranderde": "x", "waarom_belangrijkst": "y"}, "activity-took-place", "activiteit_id"),
    ("POST", "/rapportages/halfjaar-1", PENVOERDER, {"voortgang": [{"onderdeel": p, "toelichting": "ok"} for p in PLAN]},
     "report-after-period", "termijn_id"),
    ("POST", "/kwartaalgesprekken/kwartaal-1/verslag", AH, {"notities": "x"}, "conversation-planned", "termijn_id"),
    ("POST", "/vaststelling", AH, None, "reports-accepted", "termijnen"),
]


@pytest.mark.parametrize(("method", "path", "who", "body", "rule", "field"), CASES, ids=[c[4] for c in CASES])
async def test_a_broken_rule_is_refused_with_its_name_and_field_and_nothing_is_recorded(accountability, method, path, who, body, rule, field):
    await open_dossier(accountability)
    await call(accountability, "POST", f"/v1/allianties/{ALLIANCE}/accounthouder", role="besluitvormer",
               json={"accounthouder_id": "ah-fatima", "naam": "Fatima"})
    plan = {"activiteitenplan": PLAN, "begroting": [line.model_dump() for line in BUDGET]}
    if rule != "coordination-share-maximum":
        assert (await accountability.request("PUT", f"{D}/plan", json=plan, **PENVOERDER)).status_code == 200
    assert (await accountability.request("POST", f"{D}/activiteiten", json=ACTIVITY, **PENVOERDER)).status_code == 201
    before = [e.event_id for e in await accountability.service.store.read_all() if e.stream_type == "dossier"]
    response = await call(accountability, method, f"{D}{path}", json=body, **who)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert (response.json()["rule"], response.json()["field"]) == (rule, field)
    after = [e.event_id for e in await accountability.service.store.read_all() if e.stream_type == "dossier"]
    assert after == before


async def test_a_municipal_reader_filters_the_dossier_list_per_alliance(accountability):
    await open_dossier(accountability)
    await open_dossier(accountability, "ander-2021-p4", alliance="ander")
    mine = (await accountability.request("GET", f"/v1/dossiers?alliantieId={ALLIANCE}", role="auditor")).json()
    assert [d["dossier_id"] for d in mine] == ["regenboog-2021-p2"]
    assert mine[0]["eerstvolgende_termijn"] == "2021-08-31" and mine[0]["te_laat"] == []
    deprecated = (await accountability.request("GET", f"/v1/dossiers?alliantie_id={ALLIANCE}", role="auditor")).json()
    assert deprecated == mine  # the old query key still works
    hidden = (await accountability.request("GET", "/v1/dossiers?alliantieId=ander", **PENVOERDER)).json()
    assert hidden == []
