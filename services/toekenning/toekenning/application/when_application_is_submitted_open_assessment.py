from __future__ import annotations

from datetime import timedelta

from allianties_shared.application_consumers import reaction_context
from allianties_shared.contracts.aanvraag import AanvraagIngediend
from allianties_shared.contracts.toekenning import BeoordelingGeopend
from allianties_shared.events.envelope import CloudEvent
from allianties_shared.eventstore.ports import StoreTransaction
from allianties_shared.regulation.model import AMSTERDAM
from toekenning import SERVICE
from toekenning.application.ports import Dependencies
from toekenning.domain.assessment import Assessment, assessment_id, stream_id


async def when_application_is_submitted_open_assessment(
    tx: StoreTransaction, envelope: CloudEvent, event: AanvraagIngediend, deps: Dependencies
) -> None:
    """One assessment per priority the application is on; the deadline is the round's decision date."""
    context = reaction_context(SERVICE, envelope)
    round = deps.regulation.ronde(event.ronde_id)
    submitted = event.ingediend_op.astimezone(AMSTERDAM).date()
    deadline = round.besluitdatum if round else submitted + timedelta(days=deps.decision_term_days)
    for priority in event.prioriteiten:
        id = assessment_id(event.aanvraag_id, priority)
        assessment = await deps.repository.load(tx, Assessment, stream_id(id))
        assessment.open(
            BeoordelingGeopend(
                beoordeling_id=id, aanvraag_id=event.aanvraag_id, alliantie_id=event.alliantie_id, prioriteit=priority,
                gevraagd_bedrag_per_jaar_centen=event.bedrag_per_jaar_centen, ronde_id=event.ronde_id, besluittermijn=deadline,
            )
        )
        await deps.repository.save(tx, assessment, context)
