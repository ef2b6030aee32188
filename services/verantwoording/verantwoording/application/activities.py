"""Activities: the alliance registers them, the accounthouder records whether they attended."""

from __future__ import annotations

from allianties_shared.application import CommandContext
from allianties_shared.domain import Role
from verantwoording.application.access import act_on_dossier
from verantwoording.application.commands import RecordAttendance, RegisterActivity
from verantwoording.application.ports import Dependencies
from verantwoording.domain.dossier import Dossier


async def register_activity(dossier_id: str, command: RegisterActivity, context: CommandContext, deps: Dependencies) -> Dossier:
    def decide(dossier: Dossier) -> None:
        dossier.register_activity(
            command.activiteit_id, command.titel, command.datum, command.plaats, command.partners, command.onderdeel,
            command.accounthouder_uitnodigen,
        )

    return await act_on_dossier(deps, context, dossier_id, decide, members=(Role.PENVOERDER, Role.PARTNER))


async def record_attendance(
    dossier_id: str, activity_id: str, command: RecordAttendance, context: CommandContext, deps: Dependencies
) -> Dossier:
    now = deps.clock()
    return await act_on_dossier(
        deps, context, dossier_id, lambda d: d.record_attendance(activity_id, context.actor.id, command.aanwezig, now),
        accounthouder=True,
    )
