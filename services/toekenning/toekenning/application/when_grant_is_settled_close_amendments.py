from __future__ import annotations

from allianties_shared.application_consumers import reaction_context
from allianties_shared.contracts.verantwoording import SubsidieVastgesteld
from allianties_shared.events.envelope import CloudEvent
from allianties_shared.eventstore.ports import StoreTransaction
from toekenning import SERVICE
from toekenning.application.ports import Dependencies
from toekenning.domain.assessment import Assessment, stream_id


async def when_grant_is_settled_close_amendments(
    tx: StoreTransaction, envelope: CloudEvent, event: SubsidieVastgesteld, deps: Dependencies
) -> None:
    """A dossier is named after the assessment it was opened for; a settlement of an unknown one changes nothing here."""
    assessment = await deps.repository.load(tx, Assessment, stream_id(event.dossier_id))
    if assessment.exists:
        assessment.settle(event.vastgesteld_bedrag_centen)
        await deps.repository.save(tx, assessment, reaction_context(SERVICE, envelope))
