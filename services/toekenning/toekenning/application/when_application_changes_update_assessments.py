"""Reactions to the intake's later events: a completion request pauses the decision deadline,
completion resumes it, withdrawal or inadmissibility ends the assessments."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from allianties_shared.application_consumers import reaction_context
from allianties_shared.contracts.aanvraag import (
    AanvraagAangevuld,
    AanvraagIngetrokken,
    AanvraagNietOntvankelijk,
    AanvullingGevraagd,
)
from allianties_shared.events.envelope import CloudEvent
from allianties_shared.eventstore.ports import StoreTransaction
from allianties_shared.regulation.model import AMSTERDAM
from toekenning import SERVICE
from toekenning.application.ports import Dependencies
from toekenning.domain.assessment import Assessment, assessment_id, stream_id


def _day_of(envelope: CloudEvent) -> date:
    """When it happened at the intake (the event's time), not when it reached us: the pause is exact."""
    return envelope.time.astimezone(AMSTERDAM).date()


async def _for_each_assessment(
    tx: StoreTransaction, envelope: CloudEvent, application_id: str, deps: Dependencies, change: Callable[[Assessment], None]
) -> None:
    """The application's assessments are ``<application>-p<priority>``: try every priority the regulation knows."""
    context = reaction_context(SERVICE, envelope)
    for priority in deps.regulation.prioriteiten:
        assessment = await deps.repository.load(tx, Assessment, stream_id(assessment_id(application_id, priority.nummer)))
        if assessment.exists:
            change(assessment)
            await deps.repository.save(tx, assessment, context)


async def when_completion_is_requested_pause_assessments(
    tx: StoreTransaction, envelope: CloudEvent, event: AanvullingGevraagd, deps: Dependencies
) -> None:
    since = _day_of(envelope)
    await _for_each_assessment(tx, envelope, event.aanvraag_id, deps, lambda a: a.pause(since, event.termijn))


async def when_application_is_completed_resume_assessments(
    tx: StoreTransaction, envelope: CloudEvent, event: AanvraagAangevuld, deps: Dependencies
) -> None:
    on = _day_of(envelope)
    await _for_each_assessment(tx, envelope, event.aanvraag_id, deps, lambda a: a.resume(on))


async def when_application_is_withdrawn_end_assessments(
    tx: StoreTransaction, envelope: CloudEvent, event: AanvraagIngetrokken, deps: Dependencies
) -> None:
    await _for_each_assessment(tx, envelope, event.aanvraag_id, deps, lambda a: a.end("ingetrokken", event.reden))


async def when_application_is_inadmissible_end_assessments(
    tx: StoreTransaction, envelope: CloudEvent, event: AanvraagNietOntvankelijk, deps: Dependencies
) -> None:
    await _for_each_assessment(tx, envelope, event.aanvraag_id, deps, lambda a: a.end("niet-ontvankelijk", event.reden))
