from __future__ import annotations

from aanvraag.application.commands import DraftApplication
from aanvraag.application.ports import Dependencies
from aanvraag.domain import alliance as alliances
from aanvraag.domain.alliance import Alliance
from aanvraag.domain.application import Application, stream_id
from allianties_shared.application import CommandContext
from allianties_shared.domain import NotFound, Role


async def draft_application(command: DraftApplication, context: CommandContext, deps: Dependencies) -> Application:
    """The penvoerder starts an application of its own, registered alliance."""
    context.actor.require_role(Role.PENVOERDER)
    context.actor.require_alliance(command.alliantie_id)
    async with deps.store.transaction() as tx:
        alliance = await deps.repository.load(tx, Alliance, alliances.stream_id(command.alliantie_id))
    if not alliance.exists:
        raise NotFound(
            "alliance-registered",
            f"Alliantie {command.alliantie_id} is niet geregistreerd.",
            f"Alliance {command.alliantie_id} is not registered.",
            field="alliantie_id",
        )
    application, _ = await deps.repository.execute(
        deps.store,
        Application,
        stream_id(command.aanvraag_id),
        context,
        lambda a: a.draft(
            command.aanvraag_id, command.alliantie_id, command.ronde_id, command.prioriteiten, command.bedrag_per_jaar_centen
        ),
    )
    return application
