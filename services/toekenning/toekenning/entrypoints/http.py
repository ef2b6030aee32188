"""HTTP API of the assessment service (``/v1``)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from allianties_shared.application import CommandContext
from allianties_shared.domain import Actor, NotFound, Role
from allianties_shared.http.auth import current_actor
from allianties_shared.runtime.dependencies import command_context, running
from allianties_shared.runtime.state import RunningService
from toekenning.adapters.read_models import ReadModels
from toekenning.application.decide import Decide, decide
from toekenning.application.ports import Dependencies

router = APIRouter(prefix="/v1", tags=["beoordelingen"])

READERS_OF_ALL = (Role.ACCOUNTHOUDER, Role.BEOORDELAAR, Role.BESLUITVORMER, Role.AUDITOR, Role.OPERATOR)


def dependencies(request: Request) -> Dependencies:
    return request.app.state.service.extras["dependencies"]


def read_models(service: RunningService = Depends(running)) -> ReadModels:
    return ReadModels(service.pool)


@router.get("/beoordelingen", summary="Assessments the caller may see")
async def list_assessments(actor: Actor = Depends(current_actor), models: ReadModels = Depends(read_models)) -> list[dict]:
    return await models.assessments(None if actor.role in READERS_OF_ALL else actor.alliances)


@router.get("/beoordelingen/{beoordeling_id}", summary="One assessment")
async def get_assessment(
    beoordeling_id: str, actor: Actor = Depends(current_actor), models: ReadModels = Depends(read_models)
) -> dict:
    assessment = await models.assessment(beoordeling_id)
    if assessment is None or not actor.may_see_alliance(assessment["alliantie_id"]):
        raise NotFound(
            "assessment-exists", f"Beoordeling {beoordeling_id} bestaat niet.", f"Assessment {beoordeling_id} does not exist."
        )
    return assessment


@router.post("/beoordelingen/{beoordeling_id}/besluit", summary="Grant or reject (besluitvormer)")
async def post_decision(
    beoordeling_id: str,
    command: Decide,
    context: CommandContext = Depends(command_context),
    deps: Dependencies = Depends(dependencies),
) -> dict:
    assessment = await decide(beoordeling_id, command, context, deps)
    return {"beoordeling_id": beoordeling_id, "status": assessment.status}
