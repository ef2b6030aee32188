from __future__ import annotations

import hashlib

from aanvraag.application.commands import SubmitApplication
from aanvraag.application.ports import Dependencies
from aanvraag.domain.application import Application, stream_id
from allianties_shared.application import CommandContext
from allianties_shared.domain import NotFound, Role


def receipt_reference(round_id: str, application_id: str) -> str:
    return f"AV-{round_id}-{hashlib.sha256(application_id.encode()).hexdigest()[:6].upper()}"


async def submit_application(command: SubmitApplication, context: CommandContext, deps: Dependencies) -> Application:
    """Only the alliance's penvoerder submits; a second submit is refused with the first reference."""
    context.actor.require_role(Role.PENVOERDER)

    def decide(application: Application) -> None:
        if not application.exists or not context.actor.may_see_alliance(application.alliance_id or ""):
            raise NotFound(
                "application-exists",
                f"Aanvraag {command.aanvraag_id} bestaat niet.",
                f"Application {command.aanvraag_id} does not exist.",
            )
        application.submit(receipt_reference(application.round_id, command.aanvraag_id), deps.clock())

    application, _ = await deps.repository.execute(
        deps.store, Application, stream_id(command.aanvraag_id), context, decide
    )
    return application
