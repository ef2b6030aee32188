"""Read models rebuild from the events, aside, and switch in without a moment of missing data."""

from __future__ import annotations

import asyncio

from allianties_shared.runtime.rebuild import RebuildProgress, rebuild_read_models
from tests.aanvraag.conftest import ALLIANCE
from tests.support import eventually

PENVOERDER = {"role": "penvoerder", "alliances": ("queer-amsterdam",)}


async def draft(intake, application_id: str) -> None:
    body = {"aanvraag_id": application_id, "alliantie_id": "queer-amsterdam", "prioriteiten": [1], "bedrag_per_jaar_centen": 100}
    response = await intake.request("POST", "/v1/aanvragen", json=body, **PENVOERDER)
    assert response.status_code == 201, response.text


async def test_a_damaged_read_model_is_rebuilt_from_the_events(intake):
    await intake.request("POST", "/v1/allianties", json=ALLIANCE, **PENVOERDER)
    for n in range(5):
        await draft(intake, f"aanvraag-{n}")
    pool = intake.service.pool
    await pool.execute("DELETE FROM applications WHERE application_id IN ('aanvraag-1', 'aanvraag-3')")
    await pool.execute("UPDATE alliances SET name = 'kapot'")
    progress = await rebuild_read_models(pool, intake.service.store, intake.service.definition, RebuildProgress())
    assert progress.state == "done" and progress.projected == progress.total == 6
    assert set(progress.tables) == {"alliances", "applications", "contact_persons", "documents", "concepts", "alliance_history"}
    listed = (await intake.request("GET", "/v1/aanvragen", role="auditor")).json()
    assert sorted(a["aanvraag_id"] for a in listed) == [f"aanvraag-{n}" for n in range(5)]
    assert (await intake.request("GET", "/v1/allianties/queer-amsterdam", **PENVOERDER)).json()["naam"] == ALLIANCE["naam"]
    assert await pool.fetchval("SELECT count(*) FROM information_schema.schemata WHERE schema_name LIKE 'rebuild_%'") == 0


async def test_commands_and_reads_go_on_during_a_rebuild_and_nothing_is_lost(intake):
    await intake.request("POST", "/v1/allianties", json=ALLIANCE, **PENVOERDER)
    for n in range(200):
        await draft(intake, f"voor-{n}")
    progress = RebuildProgress()

    async def keep_working() -> int:
        n = 0
        while progress.state not in ("done", "failed"):
            await draft(intake, f"tijdens-{n}")
            assert (await intake.request("GET", "/v1/aanvragen/voor-7", role="auditor")).status_code == 200
            n += 1
        return n

    rebuilding = asyncio.create_task(rebuild_read_models(intake.service.pool, intake.service.store, intake.service.definition, progress))
    during = await keep_working()
    await rebuilding
    listed = {a["aanvraag_id"] for a in (await intake.request("GET", "/v1/aanvragen", role="auditor")).json()}
    assert listed == {f"voor-{n}" for n in range(200)} | {f"tijdens-{n}" for n in range(during)}
    assert during >= 1


async def test_an_operator_starts_a_rebuild_over_http_and_follows_its_progress(intake):
    await intake.request("POST", "/v1/allianties", json=ALLIANCE, **PENVOERDER)
    assert (await intake.request("POST", "/ops/rebuild", role="penvoerder", alliances=("queer-amsterdam",))).status_code == 403
    started = await intake.request("POST", "/ops/rebuild", role="operator")
    assert started.status_code == 202

    async def done() -> bool:
        return (await intake.request("GET", "/ops/rebuild", role="operator")).json()["state"] == "done"

    await eventually(done, what="the rebuild to finish")
    assert (await intake.request("GET", "/ops/rebuild", role="operator")).json()["projected"] == 1
