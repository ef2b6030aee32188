"""HTTP API of the accountability service (``/v1``)."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from allianties_shared.domain import Actor, NotFound, Role
from allianties_shared.http.auth import current_actor
from allianties_shared.runtime.dependencies import running
from allianties_shared.runtime.state import RunningService
from verantwoording.adapters.read_models import ReadModels

router = APIRouter(prefix="/v1", tags=["dossiers"])

READERS_OF_ALL = (Role.ACCOUNTHOUDER, Role.AUDITOR, Role.OPERATOR, Role.BESLUITVORMER)


def read_models(service: RunningService = Depends(running)) -> ReadModels:
    return ReadModels(service.pool)


@router.get("/dossiers", summary="Accountability dossiers the caller may see")
async def list_dossiers(actor: Actor = Depends(current_actor), models: ReadModels = Depends(read_models)) -> list[dict]:
    return await models.dossiers(None if actor.role in READERS_OF_ALL else actor.alliances)


@router.get("/dossiers/{dossier_id}", summary="One dossier")
async def get_dossier(dossier_id: str, actor: Actor = Depends(current_actor), models: ReadModels = Depends(read_models)) -> dict:
    dossier = await models.dossier(dossier_id)
    if dossier is None or not actor.may_see_alliance(dossier["alliantie_id"]):
        raise NotFound("dossier-exists", f"Dossier {dossier_id} bestaat niet.", f"Dossier {dossier_id} does not exist.")
    return dossier
