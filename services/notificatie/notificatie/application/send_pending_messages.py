"""Send the recorded messages by e-mail: address resolved now, text in the recipient's language.

Each message sent (or that can never be sent, because the person's data was erased) is recorded as
an event. A directory or mail server that does not answer leaves the message pending for the next
tick. A crash between sending and recording sends that one mail again (at least once).
"""

from __future__ import annotations

from dataclasses import dataclass

from allianties_shared.application import CommandContext, Repository
from allianties_shared.contracts.notificatie import registry
from allianties_shared.domain import Actor
from allianties_shared.eventstore.ports import EventStore
from allianties_shared.logging import get_logger
from notificatie import SERVICE
from notificatie.application.ports import ContactDirectory, Mail, Mailer, PendingMessage, PendingMessages, Templates
from notificatie.domain.mailbox import Mailbox, stream_id

log = get_logger(__name__)
_repository = Repository(registry)


@dataclass
class MessageSender:
    store: EventStore
    pending: PendingMessages
    directory: ContactDirectory
    templates: Templates
    mailer: Mailer

    async def send_pending(self) -> int:
        sent = 0
        for message in await self.pending.pending():
            for person_id, known_language in message.recipients.items():
                try:
                    sent += await self._send_one(message, person_id, known_language)
                except Exception as error:  # noqa: BLE001 - a directory or mail server that fails: try again next tick
                    log.warning("message.not_sent_yet", notificatie_id=message.notificatie_id, persoon_id=person_id, error=type(error).__name__)
        return sent

    async def _send_one(self, message: PendingMessage, person_id: str, known_language: str) -> int:
        contact = await self.directory.contact(message.role, person_id)
        if contact is None:
            return 0
        if contact.gewist or not contact.email:
            reason = "gewist" if contact.gewist else "geen-adres"
            await self._record(message, lambda m: m.mark_unsendable(message.alliantie_id, message.notificatie_id, person_id, reason))
            log.info("message.unsendable", notificatie_id=message.notificatie_id, persoon_id=person_id, reason=reason)
            return 0
        language = contact.taal if contact.taal in ("nl", "en") else known_language
        variables = {**message.variables, "naam": contact.naam, "alliantie_id": message.alliantie_id}
        subject, body = self.templates.render(message.template, language, variables)
        await self.mailer.send(Mail(to=contact.email, subject=subject, body=body))
        await self._record(message, lambda m: m.mark_sent(message.alliantie_id, message.notificatie_id, person_id, language))
        log.info("message.sent", notificatie_id=message.notificatie_id, persoon_id=person_id, language=language)
        return 1

    async def _record(self, message: PendingMessage, decide) -> None:
        context = CommandContext(actor=Actor.system(SERVICE), correlation_id=message.notificatie_id, causation_id=None)
        await _repository.execute(self.store, Mailbox, stream_id(message.alliantie_id), context, decide)
