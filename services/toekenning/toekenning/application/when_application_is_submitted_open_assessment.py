from __future__ import annotations

from allianties_shared.application import Repository
from allianties_shared.application_consumers import reaction_context
from allianties_shared.contracts.aanvraag import AanvraagIngediend
from allianties_shared.contracts.toekenning import registry
from allianties_shared.events.envelope import CloudEvent
from allianties_shared.eventstore.ports import StoreTransaction
from toekenning import SERVICE
from toekenning.domain.assessment import Assessment, assessment_id, stream_id

_repository = Repository(registry)


async def when_application_is_submitted_open_assessment(
    tx: StoreTransaction, envelope: CloudEvent, event: AanvraagIngediend
) -> None:
    """One assessment per priority the application is on."""
    context = reaction_context(SERVICE, envelope)
    for priority in event.prioriteiten:
        id = assessment_id(event.aanvraag_id, priority)
        assessment = await _repository.load(tx, Assessment, stream_id(id))
        assessment.open(id, event.aanvraag_id, event.alliantie_id, priority, event.bedrag_per_jaar_centen)
        await _repository.save(tx, assessment, context)
