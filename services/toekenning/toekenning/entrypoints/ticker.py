"""The decision-deadline ticker: flags decisions that would be late."""

from __future__ import annotations

import uuid
from datetime import datetime

from allianties_shared.regulation.model import AMSTERDAM
from allianties_shared.runtime.state import RunningService
from toekenning.adapters.queries import ReadModels
from toekenning.application.flag_late_decisions import flag_late_decisions
from toekenning.application.ports import Dependencies


async def flag_decisions_that_would_be_late(service: RunningService, now: datetime) -> None:
    deps: Dependencies = service.extras["dependencies"]  # type: ignore[assignment]
    today = now.astimezone(AMSTERDAM).date()
    candidates = await ReadModels(service.pool).near_deadline(today, deps.deadline_warning_days)
    if candidates:
        await flag_late_decisions(candidates, today, f"tick-{uuid.uuid4()}", deps)
