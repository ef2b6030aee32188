from __future__ import annotations

from allianties_shared.application import Repository
from allianties_shared.application_consumers import reaction_context
from allianties_shared.contracts.toekenning import SubsidieGewijzigd
from allianties_shared.contracts.verantwoording import registry
from allianties_shared.events.envelope import CloudEvent
from allianties_shared.eventstore.ports import StoreTransaction
from verantwoording import SERVICE
from verantwoording.application.access import dossier_not_found
from verantwoording.application.ports import Regulation
from verantwoording.domain.dossier import Dossier, stream_id

_repository = Repository(registry)


async def when_subsidy_is_amended_amend_dossier(
    tx: StoreTransaction, envelope: CloudEvent, event: SubsidieGewijzigd, regulation: Regulation | None = None
) -> None:
    """An amendment changes the amount, end and advances; a moved end moves the schedule."""
    dossier = await _repository.load(tx, Dossier, stream_id(event.beoordeling_id))
    if not dossier.exists:
        raise dossier_not_found(event.beoordeling_id)
    days = (regulation or Regulation()).report_days(dossier.periode_start)
    dossier.amend(event.bedrag_per_jaar_centen, event.periode_eind, event.reden, event.voorschotten, days)
    await _repository.save(tx, dossier, reaction_context(SERVICE, envelope))
