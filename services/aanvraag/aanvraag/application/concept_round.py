"""The concept round: an alliance hands in a concept Theory of Change; an accounthouder gives feedback."""

from __future__ import annotations

from aanvraag.application.commands import GiveFeedback, HandInConcept
from aanvraag.application.loading import load_alliance
from aanvraag.application.ports import Dependencies
from aanvraag.application.with_content import execute_with_content
from aanvraag.domain import documents
from aanvraag.domain.concept import Concept, stream_id
from aanvraag.domain.windows import round_of
from allianties_shared.application import CommandContext
from allianties_shared.domain import Role


async def hand_in_concept(round_id: str, command: HandInConcept, context: CommandContext, deps: Dependencies) -> Concept:
    alliance = await load_alliance(deps, context.actor, command.alliantie_id)
    alliance.require_lead(context.actor)
    ronde = round_of(deps.regulation, round_id)
    content = command.content
    document = documents.describe(command.soort, command.titel, command.taal, content)
    now = deps.clock()

    def decide(concept: Concept) -> None:
        concept.hand_in(command.alliantie_id, ronde, document, now)

    return await execute_with_content(deps, Concept, stream_id(command.alliantie_id, round_id), context, decide, document, content)


async def give_feedback(
    round_id: str, alliance_id: str, command: GiveFeedback, context: CommandContext, deps: Dependencies
) -> Concept:
    context.actor.require_role(Role.ACCOUNTHOUDER)
    ronde = round_of(deps.regulation, round_id)
    now = deps.clock()
    concept, _ = await deps.repository.execute(
        deps.store, Concept, stream_id(alliance_id, round_id), context, lambda c: c.give_feedback(ronde, command.feedback, now)
    )
    return concept
