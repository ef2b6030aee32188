"""Alliances over HTTP: membership over time, coordination, contact persons for other services, history."""

from __future__ import annotations

from allianties_shared.domain.personal_data import ERASED
from tests.aanvraag.examples import ALLIANCE, ALLIANCE_ID, document_body
from tests.aanvraag.fakes import amsterdam

LEAD = {"role": "penvoerder", "alliances": (ALLIANCE_ID,)}
COORDINATION = {
    "organisaties": ["23456789", "34567890"],
    "actoren": ["kim-papaya"],
    "contactpersonen": [{"naam": "Kim Jansen", "email": "kim@example.org", "taal": "en"}],
}


async def registered(intake) -> None:
    assert (await intake.request("POST", "/v1/allianties", json=ALLIANCE, **LEAD)).status_code == 201


async def test_partners_join_and_leave_with_dates_and_the_alliance_shows_both(settable_intake):
    intake = settable_intake
    await registered(intake)
    joined = await intake.request(
        "POST", f"/v1/allianties/{ALLIANCE_ID}/partners", json={"organisatie": {"kvk": "45678901", "naam": "Stichting Zami"}, "per": "2021-01-15"}, **LEAD
    )
    assert joined.status_code == 201, joined.text
    left = await intake.request("POST", f"/v1/allianties/{ALLIANCE_ID}/partners/23456789/vertrek", json={"per": "2021-06-01"}, **LEAD)
    assert left.status_code == 200
    too_few = await intake.request("POST", f"/v1/allianties/{ALLIANCE_ID}/partners/34567890/vertrek", json={}, headers={"Accept-Language": "en"}, **LEAD)
    assert too_few.status_code == 422 and too_few.json()["rule"] == "alliance-minimum-partners"
    alliance = (await intake.request("GET", f"/v1/allianties/{ALLIANCE_ID}", role="accounthouder")).json()
    assert [(p["kvk"], p["sinds"]) for p in alliance["partners"]][-1] == ("45678901", "2021-01-15")
    assert alliance["vertrokken_partners"][0]["kvk"] == "23456789" and alliance["vertrokken_partners"][0]["tot"] == "2021-06-01"


async def test_a_recorded_coordinator_acts_for_the_alliance_and_its_contact_is_listed_for_services(settable_intake):
    intake = settable_intake
    await registered(intake)
    recorded = await intake.request("PUT", f"/v1/allianties/{ALLIANCE_ID}/coordinatie", json=COORDINATION, **LEAD)
    assert recorded.status_code == 200 and recorded.json()["organisaties"] == ["23456789", "34567890"]
    intake.service.clock.set(amsterdam(2021, 2, 15, 21, 0))
    draft = {"aanvraag_id": "qa-2021", "alliantie_id": ALLIANCE_ID, "prioriteiten": [3], "bedrag_per_jaar_centen": 12_000_000}
    coordinator = intake.token("partner", actor_id="kim-papaya", alliances=(ALLIANCE_ID,))
    assert (await intake.http.post("/v1/aanvragen", json=draft, headers=coordinator)).status_code == 201
    other_partner = await intake.request("POST", "/v1/aanvragen", json={**draft, "aanvraag_id": "qa-2021-b"}, role="partner", alliances=(ALLIANCE_ID,))
    assert other_partner.status_code == 403

    system = {"Authorization": f"Bearer {intake.tokens.system_token('notificatie')}"}
    contacts = await intake.http.get(f"/v1/allianties/{ALLIANCE_ID}/contactpersonen", headers=system)
    assert contacts.status_code == 200
    assert sorted((c["rol"], c["naam"], c["taal"]) for c in contacts.json()) == [
        ("coordinator", "Kim Jansen", "en"),
        ("penvoerder", "Sam de Vries", "en"),
    ]
    assert (await intake.request("GET", f"/v1/allianties/{ALLIANCE_ID}/contactpersonen", **LEAD)).status_code == 403


async def test_a_contact_person_is_resolved_for_a_service_and_shows_erased_after_erasure(settable_intake):
    intake = settable_intake
    await registered(intake)
    person = (await intake.request("GET", f"/v1/allianties/{ALLIANCE_ID}", **LEAD)).json()["contactpersoon"]["persoon_id"]
    system = intake.tokens.system_token("notificatie")
    resolved = await intake.http.get(f"/v1/contactpersonen/{person}", headers={"Authorization": f"Bearer {system}"})
    assert resolved.status_code == 200
    assert resolved.json() == {
        "persoon_id": person, "alliantie_id": ALLIANCE_ID, "rol": "penvoerder", "naam": "Sam de Vries",
        "email": "sam@example.org", "taal": "en", "gewist": False,
    }
    assert (await intake.request("GET", f"/v1/contactpersonen/{person}", role="accounthouder")).status_code == 403
    assert (await intake.request("GET", "/v1/contactpersonen/niemand", role="operator")).status_code == 404
    assert (await intake.request("POST", f"/v1/personen/{person}/wissen", role="operator")).status_code == 200
    erased = (await intake.request("GET", f"/v1/contactpersonen/{person}", role="operator")).json()
    assert erased["naam"] == erased["email"] == ERASED and erased["gewist"] is True


async def test_the_concept_round_over_http_with_feedback_and_download(settable_intake):
    intake = settable_intake
    await registered(intake)
    intake.service.clock.set(amsterdam(2020, 12, 10, 22, 0))
    body = {**document_body("theory-of-change", b"concept: van eenzaamheid naar zichtbaarheid"), "alliantie_id": ALLIANCE_ID}
    handed_in = await intake.request("POST", "/v1/rondes/2021/concepten", json=body, **LEAD)
    assert handed_in.status_code == 201, handed_in.text
    early = await intake.request("POST", f"/v1/rondes/2021/concepten/{ALLIANCE_ID}/feedback", json={"feedback": "Goed begin."}, role="accounthouder")
    assert early.status_code == 422 and early.json()["rule"] == "feedback-window"
    intake.service.clock.set(amsterdam(2021, 1, 14, 10, 0))
    given = await intake.request("POST", f"/v1/rondes/2021/concepten/{ALLIANCE_ID}/feedback", json={"feedback": "Goed begin."}, role="accounthouder")
    assert given.status_code == 200
    concepts = (await intake.request("GET", "/v1/rondes/2021/concepten", **LEAD)).json()
    assert [(c["alliantie_id"], c["feedback"]) for c in concepts] == [(ALLIANCE_ID, "Goed begin.")]
    assert (await intake.request("GET", "/v1/rondes/2021/concepten", role="partner", alliances=("andere",))).json() == []
    download = await intake.request("GET", f"/v1/rondes/2021/concepten/{ALLIANCE_ID}/document", role="accounthouder")
    assert download.content == b"concept: van eenzaamheid naar zichtbaarheid"


async def test_one_alliances_history_lists_its_events_in_order_and_only_to_those_allowed(settable_intake):
    intake = settable_intake
    await registered(intake)
    await intake.request("PUT", f"/v1/allianties/{ALLIANCE_ID}/coordinatie", json=COORDINATION, **LEAD)
    intake.service.clock.set(amsterdam(2021, 2, 15, 21, 0))
    draft = {"aanvraag_id": "qa-2021", "alliantie_id": ALLIANCE_ID, "prioriteiten": [3], "bedrag_per_jaar_centen": 12_000_000}
    await intake.request("POST", "/v1/aanvragen", json=draft, **LEAD)
    history = (await intake.request("GET", f"/v1/allianties/{ALLIANCE_ID}/geschiedenis", role="auditor")).json()
    assert [h["type"] for h in history] == ["alliantie-geregistreerd", "coordinatie-vastgelegd", "aanvraag-opgesteld"]
    assert history[-1]["stroom"] == "aanvraag-qa-2021"
    assert "Kim Jansen" not in str(history)
    hidden = await intake.request("GET", f"/v1/allianties/{ALLIANCE_ID}/geschiedenis", role="partner", alliances=("andere",))
    assert hidden.status_code == 404
