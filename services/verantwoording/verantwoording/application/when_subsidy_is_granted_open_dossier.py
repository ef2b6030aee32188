from __future__ import annotations

from allianties_shared.application import Repository
from allianties_shared.application_consumers import reaction_context
from allianties_shared.contracts.toekenning import SubsidieVerleend
from allianties_shared.contracts.verantwoording import DossierGeopend, registry
from allianties_shared.events.envelope import CloudEvent
from allianties_shared.eventstore.ports import StoreTransaction
from verantwoording import SERVICE
from verantwoording.application.ports import Regulation
from verantwoording.domain import accountholding
from verantwoording.domain.accountholding import Accountholding
from verantwoording.domain.dossier import Dossier, stream_id
from verantwoording.domain.finance import granted_total

_repository = Repository(registry)


async def when_subsidy_is_granted_open_dossier(
    tx: StoreTransaction, envelope: CloudEvent, event: SubsidieVerleend, regulation: Regulation | None = None
) -> None:
    """The beschikking opens the dossier with its schedule; an alliance without an accounthouder is flagged at once."""
    regulation = regulation or Regulation()
    dossier_id = event.beoordeling_id
    dossier = await _repository.load(tx, Dossier, stream_id(dossier_id))
    opened = DossierGeopend(
        dossier_id=dossier_id,
        alliantie_id=event.alliantie_id,
        beoordeling_id=event.beoordeling_id,
        aanvraag_id=event.aanvraag_id,
        beschikking_nummer=event.beschikking_nummer,
        bedrag_per_jaar_centen=event.bedrag_per_jaar_centen,
        toegekend_totaal_centen=granted_total([(event.periode_start, event.periode_eind, event.bedrag_per_jaar_centen)]),
        periode_start=event.periode_start,
        periode_eind=event.periode_eind,
        max_coordinatie_procent=event.max_coordinatie_procent,
        verplichtingen=[v.value for v in event.verplichtingen],
        voorschotten=event.voorschotten,
    )
    dossier.open(opened, regulation.report_days(event.periode_start))
    context = reaction_context(SERVICE, envelope)
    await _repository.save(tx, dossier, context)
    holding = await _repository.load(tx, Accountholding, accountholding.stream_id(event.alliantie_id))
    holding.flag_if_without(event.alliantie_id, dossier_id)
    await _repository.save(tx, holding, context)
