"""HTTP API of the accountability service (``/v1``): what can be read."""

from __future__ import annotations

from collections import defaultdict

from fastapi import APIRouter, Depends, Query

from allianties_shared.domain import Actor, NotFound, Role
from allianties_shared.domain.personal_data import Sealed
from allianties_shared.http.auth import current_actor
from allianties_shared.runtime.dependencies import running
from allianties_shared.runtime.state import RunningService
from verantwoording.adapters.read_models import ReadModels
from verantwoording.entrypoints.dependencies import read_models

router = APIRouter(prefix="/v1", tags=["dossiers"])

READERS_OF_ALL = (Role.ACCOUNTHOUDER, Role.AUDITOR, Role.OPERATOR, Role.BESLUITVORMER)
MUNICIPAL = READERS_OF_ALL


async def visible_dossier(dossier_id: str, actor: Actor, models: ReadModels) -> dict:
    dossier = await models.dossier(dossier_id)
    if dossier is None or not actor.may_see_alliance(dossier["alliantie_id"]):
        raise NotFound("dossier-exists", f"Dossier {dossier_id} bestaat niet.", f"Dossier {dossier_id} does not exist.")
    return dossier


@router.get("/dossiers", summary="Dossiers the caller may see, with what is due next and what is late")
async def list_dossiers(
    alliantie_id: str | None = Query(None, alias="alliantieId", description="only this alliance's dossiers"),
    old_key: str | None = Query(None, alias="alliantie_id", deprecated=True, description="the old name of `alliantieId`"),
    actor: Actor = Depends(current_actor),
    models: ReadModels = Depends(read_models),
) -> list[dict]:
    alliantie_id = alliantie_id if alliantie_id is not None else old_key
    visible = None if actor.role in READERS_OF_ALL else actor.alliances
    if alliantie_id is not None:
        visible = frozenset({alliantie_id}) & visible if visible is not None else frozenset({alliantie_id})
    return await models.dossiers(visible)


@router.get("/dossiers/{dossier_id}", summary="One dossier: schedule, activities, MSC stories, reports, money, settlement")
async def get_dossier(dossier_id: str, actor: Actor = Depends(current_actor), models: ReadModels = Depends(read_models)) -> dict:
    return await visible_dossier(dossier_id, actor, models)


@router.get("/dossiers/{dossier_id}/termijnen", summary="The schedule: what is due when, what was done, what is late")
async def get_terms(dossier_id: str, actor: Actor = Depends(current_actor), models: ReadModels = Depends(read_models)) -> dict:
    dossier = await visible_dossier(dossier_id, actor, models)
    keys = ("dossier_id", "alliantie_id", "status", "eerstvolgende", "te_laat", "termijnen")
    return {k: dossier[k] for k in keys}


@router.get("/dossiers/{dossier_id}/bestedingen", summary="Spending per partner and budget line against the budget")
async def get_spending(dossier_id: str, actor: Actor = Depends(current_actor), models: ReadModels = Depends(read_models)) -> dict:
    return (await visible_dossier(dossier_id, actor, models))["bestedingen"]


@router.get("/dossiers/{dossier_id}/msc", summary="MSC stories of one half-year: collected per partner, and from whom still missing")
async def get_msc(
    dossier_id: str,
    halfjaar: int = Query(1, ge=1),
    actor: Actor = Depends(current_actor),
    models: ReadModels = Depends(read_models),
    service: RunningService = Depends(running),
) -> dict:
    dossier = await visible_dossier(dossier_id, actor, models)
    stories = [s for s in dossier["msc_verhalen"] if s["halfjaar"] == halfjaar]
    per_partner: dict[str, int] = defaultdict(int)
    for story in stories:
        per_partner[story["partner"]] += 1
        if story["verteller"] is not None:
            story["verteller"] = await service.vault.reveal(Sealed.model_validate(story["verteller"]))
    return {
        "dossier_id": dossier_id,
        "halfjaar": halfjaar,
        "verzameld_per_partner": dict(sorted(per_partner.items())),
        "ontbreekt_van": [p for p in dossier["partners"] if p not in per_partner],
        "verhalen": stories,
        "selectie": dossier["msc_selecties"].get(str(halfjaar), []),
    }


@router.get("/allianties-zonder-accounthouder", tags=["accounthouders"], summary="Alliances left without an accounthouder, since when")
async def without_accounthouder(actor: Actor = Depends(current_actor), models: ReadModels = Depends(read_models)) -> list[dict]:
    actor.require_role(*MUNICIPAL)
    return await models.alliances_without_accounthouder()


@router.get("/allianties/{alliantie_id}/accounthouder", tags=["accounthouders"], summary="An alliance's accounthouder, since when, and its history")
async def get_accounthouder(alliantie_id: str, actor: Actor = Depends(current_actor), models: ReadModels = Depends(read_models)) -> dict:
    actor.require_alliance(alliantie_id)
    holding = await models.accountholding(alliantie_id)
    if holding is None:
        return {"alliantie_id": alliantie_id, "accounthouder_id": None, "naam": None, "sinds": None,
                "zonder_accounthouder_sinds": None, "geschiedenis": []}
    return holding
