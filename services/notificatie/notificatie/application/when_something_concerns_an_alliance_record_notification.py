from __future__ import annotations

from allianties_shared.application import Repository
from allianties_shared.application_consumers import reaction_context
from allianties_shared.contracts.notificatie import registry
from allianties_shared.domain import DomainEvent
from allianties_shared.events.envelope import CloudEvent
from allianties_shared.eventstore.ports import StoreTransaction
from notificatie import SERVICE
from notificatie.domain.mailbox import TEMPLATES, Mailbox, stream_id

_repository = Repository(registry)

NOTIFIED_EVENTS = tuple(TEMPLATES)


async def when_something_concerns_an_alliance_record_notification(
    tx: StoreTransaction, envelope: CloudEvent, event: DomainEvent
) -> None:
    alliance_id: str = event.alliantie_id
    mailbox = await _repository.load(tx, Mailbox, stream_id(alliance_id))
    mailbox.record(alliance_id, str(envelope.id), event.name)
    await _repository.save(tx, mailbox, reaction_context(SERVICE, envelope))
