"""HTTP API of the assessment service (``/v1``): assessments, scores and conflicts of interest."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from allianties_shared.application import CommandContext
from allianties_shared.domain import Actor, NotFound, Role
from allianties_shared.http.auth import current_actor
from allianties_shared.runtime.dependencies import command_context, running
from allianties_shared.runtime.state import RunningService
from toekenning.adapters.queries import ReadModels
from toekenning.application.assess import declare_conflict, give_scores
from toekenning.application.commands import DeclareConflict, GiveScores
from toekenning.application.ports import Dependencies
from toekenning.domain.visibility import visible_scores

router = APIRouter(prefix="/v1", tags=["beoordelingen"])

READERS_OF_ALL = (Role.ACCOUNTHOUDER, Role.BEOORDELAAR, Role.BESLUITVORMER, Role.AUDITOR, Role.OPERATOR)


def dependencies(request: Request) -> Dependencies:
    return request.app.state.service.extras["dependencies"]


def read_models(service: RunningService = Depends(running)) -> ReadModels:
    return ReadModels(service.pool)


def not_found(id: str) -> NotFound:
    return NotFound("assessment-exists", f"Beoordeling {id} bestaat niet.", f"Assessment {id} does not exist.")


async def visible_assessment(id: str, actor: Actor, models: ReadModels) -> dict:
    """One alliance never learns of another's assessment: to it, it does not exist."""
    assessment = await models.assessment(id)
    if assessment is None or not actor.may_see_alliance(assessment["alliantie_id"]):
        raise not_found(id)
    return assessment


@router.get("/beoordelingen", summary="Assessments the caller may see (alliances: their own)")
async def list_assessments(actor: Actor = Depends(current_actor), models: ReadModels = Depends(read_models)) -> list[dict]:
    return await models.assessments(None if actor.role in READERS_OF_ALL else actor.alliances)


@router.get("/beoordelingen/{beoordeling_id}", summary="One assessment, with its decision and beschikking")
async def get_assessment(beoordeling_id: str, actor: Actor = Depends(current_actor), models: ReadModels = Depends(read_models)) -> dict:
    return await visible_assessment(beoordeling_id, actor, models)


@router.get("/beoordelingen/{beoordeling_id}/scores", summary="Scores with motivations (an assessor: others' only once their own are in)")
async def get_scores(
    beoordeling_id: str,
    actor: Actor = Depends(current_actor),
    models: ReadModels = Depends(read_models),
    deps: Dependencies = Depends(dependencies),
) -> dict:
    await visible_assessment(beoordeling_id, actor, models)
    scores = visible_scores(actor, await models.scores(beoordeling_id), deps.criteria())
    return {"beoordeling_id": beoordeling_id, "scores": scores, "belangenverstrengeling": sorted(await models.conflicts(beoordeling_id))}


@router.post("/beoordelingen/{beoordeling_id}/scores", summary="Score criteria, each with a motivation (assigned beoordelaar)")
async def post_scores(
    beoordeling_id: str,
    command: GiveScores,
    context: CommandContext = Depends(command_context),
    deps: Dependencies = Depends(dependencies),
) -> dict:
    assessment = await give_scores(beoordeling_id, command, context, deps)
    mine = sorted(c for a, c in assessment.scores if a == context.actor.id)
    return {"beoordeling_id": beoordeling_id, "gescoorde_criteria": mine, "volledig": set(mine) >= deps.criteria()}


@router.post("/beoordelingen/{beoordeling_id}/belangenverstrengeling", summary="Declare a conflict of interest (beoordelaar)")
async def post_conflict(
    beoordeling_id: str,
    command: DeclareConflict,
    context: CommandContext = Depends(command_context),
    deps: Dependencies = Depends(dependencies),
) -> dict:
    assessment = await declare_conflict(beoordeling_id, command, context, deps)
    return {"beoordeling_id": beoordeling_id, "uitgesloten": sorted(assessment.conflicts)}
