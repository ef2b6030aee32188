"""A contact person's data is erased on request although events are immutable (crypto-shredding)."""

from __future__ import annotations

from aanvraag.domain.alliance import Alliance
from allianties_shared.application import Repository
from allianties_shared.contracts.aanvraag import registry
from allianties_shared.domain.personal_data import ERASED
from allianties_shared.eventstore import verify_chains
from tests.aanvraag.conftest import ALLIANCE

PENVOERDER = {"role": "penvoerder", "alliances": ("queer-amsterdam",)}


async def test_after_erasure_the_contact_shows_as_erased_and_replay_and_verification_still_work(intake):
    assert (await intake.request("POST", "/v1/allianties", json=ALLIANCE, **PENVOERDER)).status_code == 201
    before = (await intake.request("GET", "/v1/allianties/queer-amsterdam", **PENVOERDER)).json()
    person = before["contactpersoon"]["persoon_id"]
    stored = await intake.service.pool.fetchval("SELECT data::text FROM events WHERE stream_id = 'alliantie-queer-amsterdam'")
    assert "Sam de Vries" not in stored and "sam@example.org" not in stored, "personal data is sealed in the event"

    erased = await intake.request("POST", f"/v1/personen/{person}/wissen", role="operator")
    assert erased.status_code == 200

    after = (await intake.request("GET", "/v1/allianties/queer-amsterdam", **PENVOERDER)).json()
    assert after["contactpersoon"]["naam"] == ERASED
    assert after["contactpersoon"]["email"] == ERASED
    assert after["naam"] == ALLIANCE["naam"], "the alliance itself is not personal data"

    async with intake.service.store.transaction() as tx:
        alliance = await Repository(registry).load(tx, Alliance, "alliantie-queer-amsterdam")
    assert alliance.name == ALLIANCE["naam"]
    assert await intake.service.vault.reveal(alliance.contact.naam) == ERASED
    events = await intake.service.store.read_all()
    assert verify_chains(events) == []
    assert [e.name for e in events] == ["alliantie-geregistreerd", "persoonsgegevens-gewist"]
    assert events[-1].metadata.actor_role == "operator"


async def test_only_an_operator_erases_and_a_second_erasure_is_refused(intake):
    await intake.request("POST", "/v1/allianties", json=ALLIANCE, **PENVOERDER)
    person = (await intake.request("GET", "/v1/allianties/queer-amsterdam", **PENVOERDER)).json()["contactpersoon"]["persoon_id"]
    refused = await intake.request("POST", f"/v1/personen/{person}/wissen", **PENVOERDER)
    assert refused.status_code == 403
    assert (await intake.request("POST", f"/v1/personen/{person}/wissen", role="operator")).status_code == 200
    again = await intake.request("POST", f"/v1/personen/{person}/wissen", role="operator")
    assert again.status_code == 422
    assert again.json()["rule"] == "person-erased-once"
