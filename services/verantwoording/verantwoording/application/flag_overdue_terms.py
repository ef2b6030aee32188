from __future__ import annotations

from datetime import datetime

from allianties_shared.application import CommandContext
from allianties_shared.domain import Actor
from verantwoording import SERVICE
from verantwoording.application.ports import Dependencies
from verantwoording.domain.dossier import Dossier, stream_id


async def flag_overdue_terms(dossier_id: str, now: datetime, deps: Dependencies) -> int:
    """Time passed: every item of the dossier's schedule that is due and undone is flagged, once. Returns how many."""
    context = CommandContext(actor=Actor.system(SERVICE), correlation_id=f"termijnbewaking-{dossier_id}")
    _, recorded = await deps.repository.execute(deps.store, Dossier, stream_id(dossier_id), context, lambda d: d.flag_overdue(now))
    return len(recorded)
