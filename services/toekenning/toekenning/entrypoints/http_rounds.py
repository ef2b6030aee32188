"""HTTP API per round and priority: assessors, the explainable ranking, the budget, unfunded priorities."""

from __future__ import annotations

from fastapi import APIRouter, Depends, status

from allianties_shared.application import CommandContext
from allianties_shared.domain import Actor
from allianties_shared.http.auth import current_actor
from allianties_shared.runtime.dependencies import command_context
from toekenning.adapters.queries import ReadModels
from toekenning.application.assess import assign_assessor
from toekenning.application.commands import AssignAssessor, DeclareUnfunded
from toekenning.application.decide import declare_unfunded
from toekenning.application.ports import Dependencies
from toekenning.domain.ranking import rank
from toekenning.domain.round_budget import available_cents
from toekenning.domain.visibility import MUNICIPAL, require_ranking_visible
from toekenning.entrypoints.http import dependencies, read_models

router = APIRouter(prefix="/v1/rondes/{ronde_id}", tags=["rondes"])


@router.post("/prioriteiten/{prioriteit}/beoordelaars", status_code=status.HTTP_201_CREATED, summary="Assign an assessor (accounthouder, besluitvormer)")
async def post_assessor(
    ronde_id: str, prioriteit: int, command: AssignAssessor,
    context: CommandContext = Depends(command_context), deps: Dependencies = Depends(dependencies),
) -> dict:
    panel = await assign_assessor(ronde_id, prioriteit, command, context, deps)
    return {"ronde_id": ronde_id, "prioriteit": prioriteit, "beoordelaars": sorted(panel.assessors)}


@router.get("/prioriteiten/{prioriteit}/rangschikking", summary="The explainable ranking of a priority")
async def get_ranking(
    ronde_id: str, prioriteit: int,
    actor: Actor = Depends(current_actor), models: ReadModels = Depends(read_models), deps: Dependencies = Depends(dependencies),
) -> dict:
    actor.require_role(*MUNICIPAL)
    deps.round(ronde_id)
    candidates = await models.candidates(ronde_id, prioriteit)
    criteria = deps.regulation.criteria
    codes = {c.code for c in criteria}
    mine_complete = all(
        actor.id in c.conflicts or codes <= {crit for a, crit, _ in c.scores if a == actor.id} for c in candidates
    )
    require_ranking_visible(actor, mine_complete)
    priority = deps.regulation.prioriteit(prioriteit)
    return {
        "ronde_id": ronde_id,
        "prioriteit": prioriteit,
        "naam": priority.naam if priority else None,
        "criteria": [c.model_dump() for c in criteria],
        "beoordelaars": await models.panel(ronde_id, prioriteit),
        "rangschikking": rank(candidates, criteria),
    }


@router.get("/budget", summary="Budget per priority: available, allocated and remaining per year")
async def get_budget(
    ronde_id: str, actor: Actor = Depends(current_actor), models: ReadModels = Depends(read_models), deps: Dependencies = Depends(dependencies),
) -> list[dict]:
    actor.require_role(*MUNICIPAL)
    round = deps.round(ronde_id)
    commitments = await models.commitments(ronde_id)
    unfunded = await models.unfunded(ronde_id)
    rows = []
    for priority, budget in sorted(round.budget_per_prioriteit_centen.items()):
        mine = [c for c in commitments if c["priority"] == priority]
        allocated = sum(c["cents"] for c in mine)
        rows.append({
            "prioriteit": priority,
            "budget_centen": budget,
            "gemeentelijk_deel_centen": round.gemeentelijk_deel_centen.get(priority, 0),
            "beschikbaar_voor_allianties_centen": available_cents(round, priority),
            "toegekend_centen": allocated,
            "resterend_centen": available_cents(round, priority) - allocated,
            "toekenningen": sorted(c["assessment_id"] for c in mine),
            "onvervuld": priority in unfunded,
            "onvervuld_motivering": unfunded.get(priority),
        })
    return rows


@router.post("/prioriteiten/{prioriteit}/onvervuld", summary="Leave a priority unfunded, with a motivation (besluitvormer)")
async def post_unfunded(
    ronde_id: str, prioriteit: int, command: DeclareUnfunded,
    context: CommandContext = Depends(command_context), deps: Dependencies = Depends(dependencies),
) -> dict:
    await declare_unfunded(ronde_id, prioriteit, command, context, deps)
    return {"ronde_id": ronde_id, "prioriteit": prioriteit, "onvervuld": True}
