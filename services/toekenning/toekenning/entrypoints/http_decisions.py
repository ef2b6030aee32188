"""HTTP API: decisions, the beschikking, objections, amendments and extensions."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from allianties_shared.application import CommandContext
from allianties_shared.domain import Actor
from allianties_shared.http.auth import current_actor
from allianties_shared.runtime.dependencies import command_context
from toekenning.adapters.queries import ReadModels
from toekenning.application.after_decision import amend_grant, decide_objection, extend_grant, lodge_objection
from toekenning.application.commands import AmendGrant, Decide, DecideObjection, ExtendGrant, LodgeObjection
from toekenning.application.decide import decide
from toekenning.application.ports import Dependencies
from toekenning.entrypoints.http import READERS_OF_ALL, dependencies, read_models

router = APIRouter(prefix="/v1", tags=["besluiten"])


@router.get("/besluiten", summary="All decisions the caller may see (alliances: their own, with the motivation)")
async def list_decisions(actor: Actor = Depends(current_actor), models: ReadModels = Depends(read_models)) -> list[dict]:
    return await models.assessments(None if actor.role in READERS_OF_ALL else actor.alliances, decided_only=True)


@router.post("/beoordelingen/{beoordeling_id}/besluit", summary="Grant or reject (besluitvormer)")
async def post_decision(
    beoordeling_id: str, command: Decide, context: CommandContext = Depends(command_context), deps: Dependencies = Depends(dependencies)
) -> dict:
    assessment = await decide(beoordeling_id, command, context, deps)
    return {"beoordeling_id": beoordeling_id, "status": assessment.status, "bezwaar_mogelijk_tot": assessment.objection_until}


@router.post("/beoordelingen/{beoordeling_id}/bezwaar", summary="Lodge an objection within the term (penvoerder)")
async def post_objection(
    beoordeling_id: str, command: LodgeObjection, context: CommandContext = Depends(command_context), deps: Dependencies = Depends(dependencies)
) -> dict:
    assessment = await lodge_objection(beoordeling_id, command, context, deps)
    return {"beoordeling_id": beoordeling_id, "bezwaar": assessment.objection}


@router.post("/beoordelingen/{beoordeling_id}/bezwaar/beslissing", summary="Decide on the objection (besluitvormer)")
async def post_objection_decision(
    beoordeling_id: str, command: DecideObjection, context: CommandContext = Depends(command_context), deps: Dependencies = Depends(dependencies)
) -> dict:
    assessment = await decide_objection(beoordeling_id, command, context, deps)
    return {"beoordeling_id": beoordeling_id, "bezwaar": assessment.objection, "status": assessment.status}


@router.post("/beoordelingen/{beoordeling_id}/wijziging", summary="Amend a grant, with a reason (besluitvormer)")
async def post_amendment(
    beoordeling_id: str, command: AmendGrant, context: CommandContext = Depends(command_context), deps: Dependencies = Depends(dependencies)
) -> dict:
    assessment = await amend_grant(beoordeling_id, command, context, deps)
    return {"beoordeling_id": beoordeling_id, "bedrag_per_jaar_centen": assessment.granted_cents}


@router.post("/beoordelingen/{beoordeling_id}/verlenging", summary="Extend a grant into its next year (besluitvormer)")
async def post_extension(
    beoordeling_id: str, command: ExtendGrant, context: CommandContext = Depends(command_context), deps: Dependencies = Depends(dependencies)
) -> dict:
    assessment = await extend_grant(beoordeling_id, command, context, deps)
    start, end = assessment.period or (None, None)
    return {"beoordeling_id": beoordeling_id, "periode_start": start, "periode_eind": end}
