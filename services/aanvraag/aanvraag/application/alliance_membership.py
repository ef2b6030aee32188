"""Partners join and leave over time; the penvoerder records who coordinates."""

from __future__ import annotations

from aanvraag.application.commands import JoinAlliance, LeaveAlliance, RecordCoordination
from aanvraag.application.loading import load_alliance
from aanvraag.application.ports import Dependencies
from aanvraag.application.register_alliance import seal_contact
from aanvraag.domain.alliance import Alliance, stream_id
from allianties_shared.application import CommandContext
from allianties_shared.domain import Role
from allianties_shared.regulation.model import AMSTERDAM


async def _lead(deps: Dependencies, context: CommandContext, alliance_id: str) -> None:
    alliance = await load_alliance(deps, context.actor, alliance_id)
    alliance.require_lead(context.actor)


async def join_alliance(alliance_id: str, command: JoinAlliance, context: CommandContext, deps: Dependencies) -> Alliance:
    await _lead(deps, context, alliance_id)
    per = command.per or deps.clock().astimezone(AMSTERDAM).date()
    alliance, _ = await deps.repository.execute(
        deps.store, Alliance, stream_id(alliance_id), context, lambda a: a.join(command.organisatie, per)
    )
    return alliance


async def leave_alliance(alliance_id: str, kvk: str, command: LeaveAlliance, context: CommandContext, deps: Dependencies) -> Alliance:
    await _lead(deps, context, alliance_id)
    per = command.per or deps.clock().astimezone(AMSTERDAM).date()
    alliance, _ = await deps.repository.execute(deps.store, Alliance, stream_id(alliance_id), context, lambda a: a.leave(kvk, per, deps.regulation.minimum_partners))
    return alliance


async def record_coordination(
    alliance_id: str, command: RecordCoordination, context: CommandContext, deps: Dependencies
) -> Alliance:
    """Only the penvoerder decides where coordination lies (with itself, another partner, or two)."""
    context.actor.require_role(Role.PENVOERDER)
    await load_alliance(deps, context.actor, alliance_id)
    contacts = [await seal_contact(deps, c) for c in command.contactpersonen]
    alliance, _ = await deps.repository.execute(
        deps.store,
        Alliance,
        stream_id(alliance_id),
        context,
        lambda a: a.coordinate(command.organisaties, command.actoren, contacts),
    )
    return alliance
