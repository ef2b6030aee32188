"""After the decision: objection and its outcome, amendment, extension into the next year."""

from __future__ import annotations

from allianties_shared.application import CommandContext
from allianties_shared.domain import Role, RuleViolation
from toekenning.application.commands import AmendGrant, DecideObjection, ExtendGrant, LodgeObjection
from toekenning.application.ports import Dependencies
from toekenning.application.together import Loader, execute_together
from toekenning.domain.assessment import Assessment, stream_id
from toekenning.domain.beschikking import advances, next_year
from toekenning.domain.round_budget import RoundBudget, available_cents, budget_stream


async def lodge_objection(id: str, command: LodgeObjection, context: CommandContext, deps: Dependencies) -> Assessment:
    context.actor.require_role(Role.PENVOERDER)

    def lodge(assessment: Assessment) -> None:
        assessment.require_exists()
        context.actor.require_alliance(assessment.alliance_id)
        assessment.lodge_objection(command.gronden, deps.today())

    assessment, _ = await deps.repository.execute(deps.store, Assessment, stream_id(id), context, lodge)
    return assessment


async def decide_objection(id: str, command: DecideObjection, context: CommandContext, deps: Dependencies) -> Assessment:
    context.actor.require_role(Role.BESLUITVORMER)

    def decide(assessment: Assessment) -> None:
        assessment.require_exists()
        assessment.decide_objection(command.uitkomst, command.motivering)

    assessment, _ = await deps.repository.execute(deps.store, Assessment, stream_id(id), context, decide)
    return assessment


async def amend_grant(id: str, command: AmendGrant, context: CommandContext, deps: Dependencies) -> Assessment:
    context.actor.require_role(Role.BESLUITVORMER)

    async def amend(loader: Loader) -> Assessment:
        assessment = await loader.load(Assessment, stream_id(id))
        assessment.require_exists()
        start, end = assessment.granted_period()
        end = command.periode_eind or end
        round = deps.round(assessment.round_id)
        schedule = advances(start, end, command.bedrag_per_jaar_centen, round.voorschotten_per_jaar) if end > start else []
        assessment.amend(command.bedrag_per_jaar_centen, end, command.reden, schedule)
        budget = await loader.load(RoundBudget, budget_stream(round.id))
        budget.commit_amendment(round, assessment.priority, assessment.assessment_id, assessment.alliance_id, command.bedrag_per_jaar_centen)
        return assessment

    return await execute_together(deps, context, amend)


async def extend_grant(id: str, command: ExtendGrant, context: CommandContext, deps: Dependencies) -> Assessment:
    context.actor.require_role(Role.BESLUITVORMER)

    def extend(assessment: Assessment) -> None:
        assessment.require_exists()
        _, end = assessment.granted_period()
        round = deps.round(assessment.round_id)
        amount = command.bedrag_per_jaar_centen or assessment.granted_cents
        if amount > available_cents(round, assessment.priority):
            raise RuleViolation(
                "grant-within-budget",
                "Het bedrag is meer dan het jaarbudget van de prioriteit.",
                "The amount exceeds the priority's budget per year.",
                field="bedrag_per_jaar_centen",
            )
        start, end = next_year(end)
        assessment.extend(amount, start, end, advances(start, end, amount, round.voorschotten_per_jaar))

    assessment, _ = await deps.repository.execute(deps.store, Assessment, stream_id(id), context, extend)
    return assessment
