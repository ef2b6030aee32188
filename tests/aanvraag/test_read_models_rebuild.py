"""The read models are a projection of the events: dropped and replayed, they come back the same."""

from __future__ import annotations

from aanvraag.adapters.projections import project
from allianties_shared.runtime.rebuild import RebuildProgress, rebuild_read_models
from tests.aanvraag.complete_application import complete_application
from tests.aanvraag.examples import ALLIANCE, ALLIANCE_ID

LEAD = {"role": "penvoerder", "alliances": (ALLIANCE_ID,)}
TABLES = ("alliances", "applications", "contact_persons", "documents", "concepts", "alliance_history")


async def test_replaying_every_event_rebuilds_the_read_models_exactly(settable_intake):
    intake = settable_intake
    await intake.request("POST", "/v1/allianties", json=ALLIANCE, **LEAD)
    await complete_application(intake, "qa-2021", ALLIANCE_ID)
    await intake.request("POST", "/v1/aanvragen/qa-2021/indienen", **LEAD)
    pool = intake.service.pool
    before = {t: [dict(r) for r in await pool.fetch(f"SELECT * FROM {t} ORDER BY 1")] for t in TABLES}
    async with pool.acquire() as connection, connection.transaction():
        await connection.execute(f"TRUNCATE {', '.join(TABLES)}")
        for event in await intake.service.store.read_all():
            await project(connection, event)
    after = {t: [dict(r) for r in await pool.fetch(f"SELECT * FROM {t} ORDER BY 1")] for t in TABLES}
    assert after == before
    assert len(after["documents"]) == 5 and after["applications"][0]["status"] == "ingediend"


async def test_a_rebuild_of_the_read_models_keeps_the_document_bytes_which_are_not_a_read_model(settable_intake):
    intake = settable_intake
    await intake.request("POST", "/v1/allianties", json=ALLIANCE, **LEAD)
    await complete_application(intake, "qa-2021", ALLIANCE_ID)
    [document, *_] = (await intake.request("GET", "/v1/aanvragen/qa-2021/documenten", **LEAD)).json()
    url = f"/v1/aanvragen/qa-2021/documenten/{document['document_id']}"
    before = (await intake.request("GET", url, **LEAD)).content
    progress = await rebuild_read_models(intake.service.pool, intake.service.store, intake.service.definition, RebuildProgress())
    assert progress.state == "done", progress.error
    assert "document_contents" not in progress.tables
    assert set(TABLES) <= set(progress.tables)
    after = await intake.request("GET", url, **LEAD)
    assert after.status_code == 200 and after.content == before
