from __future__ import annotations

from allianties_shared.application import CommandContext
from verantwoording.application.access import act_on_dossier
from verantwoording.application.ports import Dependencies
from verantwoording.domain.dossier import Dossier


async def settle_grant(dossier_id: str, context: CommandContext, deps: Dependencies) -> Dossier:
    """The accounthouder settles the grant (vaststelling) once every report is accepted; the dossier closes."""
    return await act_on_dossier(deps, context, dossier_id, lambda d: d.settle(), accounthouder=True)
