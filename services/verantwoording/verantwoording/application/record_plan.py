from __future__ import annotations

from allianties_shared.application import CommandContext
from allianties_shared.domain import Role
from verantwoording.application.access import act_on_dossier
from verantwoording.application.commands import RecordPlan
from verantwoording.application.ports import Dependencies
from verantwoording.domain.dossier import Dossier


async def record_plan(dossier_id: str, command: RecordPlan, context: CommandContext, deps: Dependencies) -> Dossier:
    """The penvoerder records the activity plan and divides the budget among partners and budget lines."""
    return await act_on_dossier(
        deps, context, dossier_id, lambda d: d.record_plan(command.activiteitenplan, command.begroting), members=(Role.PENVOERDER,)
    )
