"""The decision maker grants (within the round's budget and limits) or rejects, or leaves a priority unfunded."""

from __future__ import annotations

from allianties_shared.application import CommandContext
from allianties_shared.domain import Role
from toekenning.application.commands import Decide, DeclareUnfunded
from toekenning.application.ports import Dependencies
from toekenning.application.together import Loader, execute_together
from toekenning.domain.assessment import Assessment, stream_id
from toekenning.domain.beschikking import advances, grant_period, intends_extension
from toekenning.domain.deciding import Beschikking
from toekenning.domain.round_budget import RoundBudget, budget_stream


async def decide(id: str, command: Decide, context: CommandContext, deps: Dependencies) -> Assessment:
    context.actor.require_role(Role.BESLUITVORMER)

    async def apply_decision(loader: Loader) -> Assessment:
        assessment = await loader.load(Assessment, stream_id(id))
        assessment.require_exists()
        round = deps.round(assessment.round_id)
        if command.besluit == "afgewezen":
            assessment.reject(command.motivering, command.verwijzing, deps.today(), round.bezwaartermijn_dagen)
            return assessment
        amount = command.bedrag_per_jaar_centen or 0
        start, end = grant_period(round)
        start, end = command.periode_start or start, command.periode_eind or end
        beschikking = Beschikking(
            amount_cents=amount, start=start, end=end, intends_extension=intends_extension(round),
            max_coordination_percent=deps.regulation.max_coordinatie_procent,
            advances=advances(start, end, amount, round.voorschotten_per_jaar) if end > start else [],
        )
        assessment.grant(beschikking, deps.criteria(), deps.today(), round.bezwaartermijn_dagen)
        budget = await loader.load(RoundBudget, budget_stream(round.id))
        budget.commit_grant(round, assessment.priority, assessment.assessment_id, assessment.alliance_id, amount)
        return assessment

    return await execute_together(deps, context, apply_decision)


async def declare_unfunded(round_id: str, priority: int, command: DeclareUnfunded, context: CommandContext, deps: Dependencies) -> None:
    context.actor.require_role(Role.BESLUITVORMER)
    round = deps.round(round_id)

    def declare(budget: RoundBudget) -> None:
        budget.declare_unfunded(round, priority, command.motivering)

    await deps.repository.execute(deps.store, RoundBudget, budget_stream(round_id), context, declare)
