from __future__ import annotations

from aanvraag.application.commands import DraftApplication
from aanvraag.application.loading import load_alliance
from aanvraag.application.ports import Dependencies
from aanvraag.domain.application import Application, stream_id
from aanvraag.domain.windows import round_of
from allianties_shared.application import CommandContext


async def draft_application(command: DraftApplication, context: CommandContext, deps: Dependencies) -> Application:
    """The penvoerder or coordinator starts an application of its own, registered alliance."""
    alliance = await load_alliance(deps, context.actor, command.alliantie_id)
    alliance.require_lead(context.actor)
    ronde = round_of(deps.regulation, command.ronde_id)
    application, _ = await deps.repository.execute(
        deps.store,
        Application,
        stream_id(command.aanvraag_id),
        context,
        lambda a: a.draft(
            command.aanvraag_id, command.alliantie_id, ronde, deps.regulation, command.prioriteiten, command.bedrag_per_jaar_centen
        ),
    )
    return application
