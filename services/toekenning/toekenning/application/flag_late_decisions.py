"""Time-driven: flag, once, every decision that would be late."""

from __future__ import annotations

from datetime import date

from allianties_shared.application import CommandContext
from allianties_shared.domain import Actor
from toekenning import SERVICE
from toekenning.application.ports import Dependencies
from toekenning.domain.assessment import Assessment, stream_id


async def flag_late_decisions(candidates: list[str], today: date, correlation_id: str, deps: Dependencies) -> None:
    """``candidates``: open assessments the read model thinks are near their deadline; the aggregate decides."""
    context = CommandContext(actor=Actor.system(SERVICE), correlation_id=correlation_id)
    for id in candidates:
        await deps.repository.execute(
            deps.store, Assessment, stream_id(id), context, lambda a: a.flag_if_late(today, deps.deadline_warning_days)
        )
