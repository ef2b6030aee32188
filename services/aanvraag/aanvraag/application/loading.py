"""Loading what a command decides against, with the visibility rules: another alliance does not exist."""

from __future__ import annotations

from aanvraag.application.ports import Dependencies
from aanvraag.domain import alliance as alliances
from aanvraag.domain.alliance import Alliance
from aanvraag.domain.application import Application, stream_id
from allianties_shared.domain import Actor, NotFound


async def load_alliance(deps: Dependencies, actor: Actor, alliance_id: str) -> Alliance:
    actor.require_alliance(alliance_id)
    async with deps.store.transaction() as tx:
        alliance = await deps.repository.load(tx, Alliance, alliances.stream_id(alliance_id))
    alliance.require_registered(alliance_id)
    return alliance


async def load_application(deps: Dependencies, actor: Actor, application_id: str) -> Application:
    async with deps.store.transaction() as tx:
        application = await deps.repository.load(tx, Application, stream_id(application_id))
    if not application.exists or not actor.may_see_alliance(application.alliance_id or ""):
        raise NotFound(
            "application-exists",
            f"Aanvraag {application_id} bestaat niet of is niet zichtbaar voor u.",
            f"Application {application_id} does not exist or is not visible to you.",
            field="aanvraag_id",
        )
    return application


async def require_lead_of(deps: Dependencies, actor: Actor, application_id: str) -> Application:
    """The application, when ``actor`` is its alliance's penvoerder or coordinator."""
    application = await load_application(deps, actor, application_id)
    alliance = await load_alliance(deps, actor, application.alliance_id or "")
    alliance.require_lead(actor)
    return application
