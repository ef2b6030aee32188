"""Assigning, handing over and leaving: accounthouder continuity per alliance."""

from __future__ import annotations

from allianties_shared.application import CommandContext
from allianties_shared.domain import AccessDenied, Role
from verantwoording.application.commands import AssignAccounthouder, LeaveAlliance
from verantwoording.application.ports import Dependencies
from verantwoording.domain.accountholding import Accountholding, stream_id


def _may_change(holding: Accountholding, context: CommandContext) -> None:
    """Management (besluitvormer) always; an accounthouder picks up an alliance without one, or hands over their own."""
    actor = context.actor
    if actor.role == Role.ACCOUNTHOUDER and holding.current is not None and not holding.is_current(actor.id):
        raise AccessDenied(
            "accounthouder-current",
            "Alleen de huidige accounthouder of het management draagt deze alliantie over.",
            "Only the current accounthouder or management hands this alliance over.",
        )


async def assign_accounthouder(alliance_id: str, command: AssignAccounthouder, context: CommandContext, deps: Dependencies) -> Accountholding:
    context.actor.require_role(Role.ACCOUNTHOUDER, Role.BESLUITVORMER)

    def decide(holding: Accountholding) -> None:
        _may_change(holding, context)
        holding.assign(alliance_id, command.accounthouder_id, command.naam, command.notitie)

    holding, _ = await deps.repository.execute(deps.store, Accountholding, stream_id(alliance_id), context, decide)
    return holding


async def leave_alliance(alliance_id: str, command: LeaveAlliance, context: CommandContext, deps: Dependencies) -> Accountholding:
    """The accounthouder leaves without a successor: the alliance is flagged at once."""
    context.actor.require_role(Role.ACCOUNTHOUDER, Role.BESLUITVORMER)

    def decide(holding: Accountholding) -> None:
        _may_change(holding, context)
        holding.leave(alliance_id, command.reden)

    holding, _ = await deps.repository.execute(deps.store, Accountholding, stream_id(alliance_id), context, decide)
    return holding
