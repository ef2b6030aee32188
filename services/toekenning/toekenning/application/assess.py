"""Assessing: assign assessors per priority, declare a conflict of interest, score the criteria."""

from __future__ import annotations

from allianties_shared.application import CommandContext
from allianties_shared.domain import Role
from toekenning.application.commands import AssignAssessor, DeclareConflict, GiveScores
from toekenning.application.ports import Dependencies
from toekenning.application.together import Loader, execute_together
from toekenning.domain.assessment import Assessment, stream_id
from toekenning.domain.panel import Panel, panel_stream


async def assign_assessor(round_id: str, priority: int, command: AssignAssessor, context: CommandContext, deps: Dependencies) -> Panel:
    context.actor.require_role(Role.ACCOUNTHOUDER, Role.BESLUITVORMER)
    deps.round(round_id)

    def assign(panel: Panel) -> None:
        panel.assign(round_id, priority, command.beoordelaar_id)

    panel, _ = await deps.repository.execute(deps.store, Panel, panel_stream(round_id, priority), context, assign)
    return panel


async def declare_conflict(id: str, command: DeclareConflict, context: CommandContext, deps: Dependencies) -> Assessment:
    context.actor.require_role(Role.BEOORDELAAR)

    def declare(assessment: Assessment) -> None:
        assessment.require_exists()
        assessment.declare_conflict(context.actor.id, command.toelichting)

    assessment, _ = await deps.repository.execute(deps.store, Assessment, stream_id(id), context, declare)
    return assessment


async def give_scores(id: str, command: GiveScores, context: CommandContext, deps: Dependencies) -> Assessment:
    context.actor.require_role(Role.BEOORDELAAR)

    async def score(loader: Loader) -> Assessment:
        assessment = await loader.load(Assessment, stream_id(id))
        assessment.require_exists()
        panel = await loader.load(Panel, panel_stream(assessment.round_id, assessment.priority))
        assessment.score(
            context.actor.id,
            context.actor.id in panel.assessors,
            deps.criteria(),
            [(s.criterium, s.score, s.motivering) for s in command.scores],
        )
        return assessment

    return await execute_together(deps, context, score)
