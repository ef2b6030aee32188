"""An application ends early: withdrawn by its alliance, or declared inadmissible by the municipality."""

from __future__ import annotations

from aanvraag.application.commands import GiveReason
from aanvraag.application.completion import MUNICIPAL_ASSESSORS
from aanvraag.application.loading import load_application, require_lead_of
from aanvraag.application.ports import Dependencies
from aanvraag.domain.application import Application, stream_id
from allianties_shared.application import CommandContext


async def withdraw_application(application_id: str, command: GiveReason, context: CommandContext, deps: Dependencies) -> Application:
    await require_lead_of(deps, context.actor, application_id)
    application, _ = await deps.repository.execute(
        deps.store, Application, stream_id(application_id), context, lambda a: a.withdraw(command.reden)
    )
    return application


async def declare_inadmissible(
    application_id: str, command: GiveReason, context: CommandContext, deps: Dependencies
) -> Application:
    context.actor.require_role(*MUNICIPAL_ASSESSORS)
    await load_application(deps, context.actor, application_id)
    application, _ = await deps.repository.execute(
        deps.store, Application, stream_id(application_id), context, lambda a: a.declare_inadmissible(command.reden)
    )
    return application
