"""Half-yearly and final reports: the penvoerder submits, the accounthouder accepts or returns with comments."""

from __future__ import annotations

from allianties_shared.application import CommandContext
from allianties_shared.domain import Role
from verantwoording.application.access import act_on_dossier
from verantwoording.application.commands import ReturnReport, SubmitReport
from verantwoording.application.ports import Dependencies
from verantwoording.domain.dossier import Dossier


async def submit_report(dossier_id: str, term_id: str, command: SubmitReport, context: CommandContext, deps: Dependencies) -> Dossier:
    now = deps.clock()
    return await act_on_dossier(
        deps, context, dossier_id,
        lambda d: d.submit_report(term_id, command.voortgang, command.msc_verhalen, command.financien, now),
        members=(Role.PENVOERDER,),
    )


async def accept_report(dossier_id: str, term_id: str, context: CommandContext, deps: Dependencies) -> Dossier:
    return await act_on_dossier(deps, context, dossier_id, lambda d: d.accept_report(term_id), accounthouder=True)


async def return_report(dossier_id: str, term_id: str, command: ReturnReport, context: CommandContext, deps: Dependencies) -> Dossier:
    return await act_on_dossier(deps, context, dossier_id, lambda d: d.return_report(term_id, command.opmerkingen), accounthouder=True)
