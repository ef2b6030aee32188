"""Time-driven work: items of a schedule that pass their due day undone are flagged, once each."""

from __future__ import annotations

from datetime import datetime

from allianties_shared.runtime.state import RunningService
from verantwoording.adapters.read_models import ReadModels
from verantwoording.application.flag_overdue_terms import flag_overdue_terms
from verantwoording.domain.rules import today


async def flag_overdue(service: RunningService, now: datetime) -> None:
    deps = service.extras.get("dependencies")
    if deps is None:
        return
    for dossier_id in await ReadModels(service.pool).open_dossiers_due_before(today(now)):
        await flag_overdue_terms(dossier_id, now, deps)
