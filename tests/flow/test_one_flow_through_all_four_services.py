"""Register, submit, assess, grant, open a dossier, notify: the wiring of the four services."""

from __future__ import annotations

from tests.aanvraag.complete_application import complete_application
from tests.aanvraag.conftest import ALLIANCE
from tests.support import eventually
from tests.toekenning.support import score_and_grant

ALLIANCE_ID = ALLIANCE["alliantie_id"]


async def submit_application(intake) -> dict:
    penvoerder = {"role": "penvoerder", "alliances": (ALLIANCE_ID,)}
    assert (await intake.request("POST", "/v1/allianties", json=ALLIANCE, **penvoerder)).status_code == 201
    await complete_application(intake, "qa-2021", ALLIANCE_ID, prioriteiten=[2, 3], bedrag_per_jaar_centen=15_000_000)
    submitted = await intake.request("POST", "/v1/aanvragen/qa-2021/indienen", **penvoerder)
    assert submitted.status_code == 200, submitted.text
    return submitted.json()


async def test_an_application_flows_from_intake_to_a_notification_for_the_penvoerder(system):
    receipt = await submit_application(system["aanvraag"])
    assert receipt["referentie"].startswith("AV-2021-")

    toekenning = system["toekenning"]

    async def assessments_open() -> bool:
        response = await toekenning.request("GET", "/v1/beoordelingen", role="besluitvormer")
        return len(response.json()) == 2

    await eventually(assessments_open, what="two assessments, one per priority")
    granted = await score_and_grant(toekenning, "qa-2021-p2", 15_000_000, periode_start="2021-06-01", periode_eind="2022-05-31")
    assert granted.status_code == 200, granted.text

    verantwoording = system["verantwoording"]

    async def dossier_open() -> bool:
        response = await verantwoording.request("GET", "/v1/dossiers", role="penvoerder", alliances=(ALLIANCE_ID,))
        return [d["dossier_id"] for d in response.json()] == ["qa-2021-p2"]

    await eventually(dossier_open, what="a dossier for the grant")

    notificatie = system["notificatie"]

    async def penvoerder_notified() -> bool:
        response = await notificatie.request("GET", "/v1/notificaties", role="penvoerder", alliances=(ALLIANCE_ID,))
        return sorted(n["sjabloon"] for n in response.json()) == ["aanvraag-ontvangen", "dossier-geopend", "subsidie-verleend"]

    await eventually(penvoerder_notified, what="three notifications for the penvoerder")
    notifications = (await notificatie.request("GET", "/v1/notificaties", role="auditor")).json()
    assert {n["ontvanger_rol"] for n in notifications} == {"penvoerder"}

    # The whole flow shares one correlation id from the submit onward.
    dossier_events = await verantwoording.service.store.read_all()
    grant_events = [e for e in await toekenning.service.store.read_all() if e.name == "subsidie-verleend"]
    assert dossier_events[0].metadata.causation_id == str(grant_events[0].event_id)
    assert dossier_events[0].metadata.actor_role == "systeem"


async def test_another_alliance_sees_none_of_it(system):
    await submit_application(system["aanvraag"])
    toekenning = system["toekenning"]

    async def assessments_open() -> bool:
        return len((await toekenning.request("GET", "/v1/beoordelingen", role="auditor")).json()) == 2

    await eventually(assessments_open, what="assessments")
    other = await toekenning.request("GET", "/v1/beoordelingen", role="penvoerder", alliances=("een-andere-alliantie",))
    assert other.json() == []
    hidden = await toekenning.request("GET", "/v1/beoordelingen/qa-2021-p2", role="partner", alliances=("een-andere-alliantie",))
    assert hidden.status_code == 404
