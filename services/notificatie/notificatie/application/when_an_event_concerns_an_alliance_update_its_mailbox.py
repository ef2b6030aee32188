"""A consumed event that concerns an alliance may name who holds a role, call for a message, or set or
end a deadline: all three are decided on the alliance's mailbox, saved once, in the consumer's transaction."""

from __future__ import annotations

from allianties_shared.application import Repository
from allianties_shared.application_consumers import reaction_context
from allianties_shared.contracts.notificatie import registry
from allianties_shared.domain import DomainEvent
from allianties_shared.events.envelope import CloudEvent
from allianties_shared.eventstore.ports import StoreTransaction
from allianties_shared.regulation.model import Regeling
from notificatie import SERVICE
from notificatie.application.when_an_event_sets_a_deadline_remember_it import remember_deadlines
from notificatie.application.when_someone_takes_a_role_remember_them import remember_roles
from notificatie.application.when_something_concerns_an_alliance_record_notification import record_notification
from notificatie.domain.mailbox import Mailbox, stream_id

_repository = Repository(registry)


async def when_an_event_concerns_an_alliance_update_its_mailbox(
    tx: StoreTransaction, envelope: CloudEvent, event: DomainEvent, regulation: Regeling
) -> None:
    alliance_id = getattr(event, "alliantie_id", None)
    if not isinstance(alliance_id, str):
        return
    cause = str(envelope.id)
    mailbox = await _repository.load(tx, Mailbox, stream_id(alliance_id))
    remember_roles(mailbox, event, cause)
    record_notification(mailbox, event, cause)
    remember_deadlines(mailbox, event, cause, envelope.time, regulation)
    await _repository.save(tx, mailbox, reaction_context(SERVICE, envelope))
