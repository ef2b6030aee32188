from __future__ import annotations

from allianties_shared.application import Repository
from allianties_shared.application_consumers import reaction_context
from allianties_shared.contracts.toekenning import SubsidieVerleend
from allianties_shared.contracts.verantwoording import registry
from allianties_shared.events.envelope import CloudEvent
from allianties_shared.eventstore.ports import StoreTransaction
from verantwoording import SERVICE
from verantwoording.domain.dossier import Dossier, stream_id

_repository = Repository(registry)


async def when_subsidy_is_granted_open_dossier(tx: StoreTransaction, envelope: CloudEvent, event: SubsidieVerleend) -> None:
    dossier_id = event.beoordeling_id
    dossier = await _repository.load(tx, Dossier, stream_id(dossier_id))
    dossier.open(
        dossier_id,
        event.alliantie_id,
        event.beoordeling_id,
        event.aanvraag_id,
        event.bedrag_per_jaar_centen,
        event.periode_start,
        event.periode_eind,
    )
    await _repository.save(tx, dossier, reaction_context(SERVICE, envelope))
