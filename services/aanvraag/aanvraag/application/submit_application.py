from __future__ import annotations

import hashlib

from aanvraag.application.loading import require_lead_of
from aanvraag.application.ports import Dependencies
from aanvraag.domain.application import Application, stream_id
from aanvraag.domain.windows import round_of
from allianties_shared.application import CommandContext


def receipt_reference(round_id: str, application_id: str) -> str:
    return f"AV-{round_id}-{hashlib.sha256(application_id.encode()).hexdigest()[:6].upper()}"


async def submit_application(application_id: str, context: CommandContext, deps: Dependencies) -> Application:
    """Only the penvoerder or coordinator submits, inside the window, a complete application, once."""
    current = await require_lead_of(deps, context.actor, application_id)
    ronde = round_of(deps.regulation, current.round_id)
    now = deps.clock()
    reference = receipt_reference(current.round_id, application_id)
    application, _ = await deps.repository.execute(
        deps.store, Application, stream_id(application_id), context, lambda a: a.submit(ronde, deps.regulation, reference, now)
    )
    return application
