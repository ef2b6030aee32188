"""Aanvulling: the municipality asks for completion within a term; the alliance completes in time."""

from __future__ import annotations

from aanvraag.application.commands import RequestCompletion
from aanvraag.application.loading import load_application, require_lead_of
from aanvraag.application.ports import Dependencies
from aanvraag.domain.application import Application, stream_id
from aanvraag.domain.windows import round_of
from allianties_shared.application import CommandContext
from allianties_shared.domain import Role

MUNICIPAL_ASSESSORS = (Role.ACCOUNTHOUDER, Role.BEOORDELAAR)


async def request_completion(
    application_id: str, command: RequestCompletion, context: CommandContext, deps: Dependencies
) -> Application:
    context.actor.require_role(*MUNICIPAL_ASSESSORS)
    current = await load_application(deps, context.actor, application_id)
    ronde = round_of(deps.regulation, current.round_id)
    now = deps.clock()
    application, _ = await deps.repository.execute(
        deps.store,
        Application,
        stream_id(application_id),
        context,
        lambda a: a.request_completion(ronde, command.reden, now, command.termijn),
    )
    return application


async def complete_application(application_id: str, context: CommandContext, deps: Dependencies) -> Application:
    await require_lead_of(deps, context.actor, application_id)
    now = deps.clock()
    application, _ = await deps.repository.execute(
        deps.store, Application, stream_id(application_id), context, lambda a: a.complete(deps.regulation, now)
    )
    return application
