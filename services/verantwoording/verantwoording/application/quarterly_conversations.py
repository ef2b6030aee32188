"""Quarterly conversations: the accounthouder schedules and records them; the alliance adds its own notes."""

from __future__ import annotations

from allianties_shared.application import CommandContext
from allianties_shared.domain import Role
from verantwoording.application.access import act_on_dossier
from verantwoording.application.commands import AllianceNotes, HoldConversation, PlanConversation
from verantwoording.application.ports import Dependencies
from verantwoording.domain.dossier import Dossier


async def plan_conversation(dossier_id: str, term_id: str, command: PlanConversation, context: CommandContext, deps: Dependencies) -> Dossier:
    return await act_on_dossier(deps, context, dossier_id, lambda d: d.plan_conversation(term_id, command.datum), accounthouder=True)


async def hold_conversation(dossier_id: str, term_id: str, command: HoldConversation, context: CommandContext, deps: Dependencies) -> Dossier:
    now = deps.clock()
    return await act_on_dossier(
        deps, context, dossier_id, lambda d: d.hold_conversation(term_id, command.notities, command.afspraken, now), accounthouder=True
    )


async def add_alliance_notes(dossier_id: str, term_id: str, command: AllianceNotes, context: CommandContext, deps: Dependencies) -> Dossier:
    return await act_on_dossier(
        deps, context, dossier_id, lambda d: d.add_alliance_notes(term_id, command.notities), members=(Role.PENVOERDER, Role.PARTNER)
    )
