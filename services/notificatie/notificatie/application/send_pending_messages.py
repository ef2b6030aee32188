"""Send the recorded messages by e-mail: address resolved now, text in the recipient's language.

Each message sent (or that can never be sent) is recorded as an event. Every mail to one person is
claimed first (``MessageClaims``), so N instances send it once; a crash between sending and
recording sends it again after the lease lapses, with the same ``Message-ID``. A try that fails
waits with backoff and never holds back the other messages; an unknown or unresolvable recipient is
given up on after ``unsendable_after`` (``bericht-niet-verzonden`` with the reason). A mail server
that is down is only waited for: that says nothing about the recipient.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from allianties_shared.application import CommandContext
from allianties_shared.domain import Actor
from allianties_shared.eventstore.ports import EventStore
from allianties_shared.logging import get_logger
from notificatie import SERVICE
from notificatie.application.leases import new_token, record_if_held
from notificatie.application.ports import (
    Claimed,
    ContactDirectory,
    DirectoryUnavailable,
    Mail,
    Mailer,
    MailRefused,
    MailServerUnavailable,
    MessageClaims,
    PendingMessage,
    PendingMessages,
    Templates,
)
from notificatie.domain.backoff import Backoff
from notificatie.domain.mailbox import Mailbox, stream_id
from notificatie.domain.message_ids import message_id

log = get_logger(__name__)

GIVES_UP = {"onbekend", "niet-opvraagbaar", "geweigerd"}  # about the recipient: unsendable after long enough


class _NotYet(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class MessageSender:
    store: EventStore
    pending: PendingMessages
    directory: ContactDirectory
    templates: Templates
    mailer: Mailer
    claims: MessageClaims
    backoff: Backoff
    unsendable_after: timedelta

    async def send_pending(self, now: datetime) -> int:
        messages = await self.pending.pending(now)
        token = new_token()
        claimed = await self.claims.claim([(m.notificatie_id, p) for m in messages for p in m.recipients], token, now)
        sent = 0
        for message in messages:
            for person_id, known_language in message.recipients.items():
                claim = claimed.get((message.notificatie_id, person_id))
                if claim is None:
                    continue  # another instance has it, or it was settled meanwhile
                try:
                    sent += await self._send_one(message, person_id, known_language, token)
                except _NotYet as failure:
                    await self._failed(message, person_id, claim, token, failure.reason, now)
                except Exception as error:  # noqa: BLE001 - one broken message backs off and is logged; the others go on
                    log.error("message.failed", notificatie_id=message.notificatie_id, persoon_id=person_id, error=repr(error))
                    await self._failed(message, person_id, claim, token, "fout", now)
        return sent

    async def _contact(self, message: PendingMessage, person_id: str):
        try:
            contact = await self.directory.contact(message.role, person_id)
        except DirectoryUnavailable:
            raise _NotYet("niet-opvraagbaar") from None
        if contact is None:
            raise _NotYet("onbekend")
        return contact

    async def _send_one(self, message: PendingMessage, person_id: str, known_language: str, token: str) -> int:
        contact = await self._contact(message, person_id)
        if contact.gewist or not contact.email:
            reason = "gewist" if contact.gewist else "geen-adres"
            await self._unsendable(message, person_id, token, reason)
            return 0
        language = contact.taal if contact.taal in ("nl", "en") else known_language
        variables = {**message.variables, "naam": contact.naam, "alliantie_id": message.alliantie_id}
        subject, body = self.templates.render(message.template, language, variables)
        try:
            await self.mailer.send(Mail(contact.email, subject, body, message_id(message.notificatie_id, person_id), message.traceparent))
        except MailRefused:
            raise _NotYet("geweigerd") from None
        except MailServerUnavailable:
            raise _NotYet("mailserver") from None
        recorded = await self._record(
            message, person_id, token, lambda m: m.mark_sent(message.alliantie_id, message.notificatie_id, person_id, language)
        )
        log.info("message.sent", notificatie_id=message.notificatie_id, persoon_id=person_id, language=language, recorded=recorded)
        return 1

    async def _failed(self, message: PendingMessage, person_id: str, claim: Claimed, token: str, reason: str, now: datetime) -> None:
        since = claim.first_failed_at or now
        if reason in GIVES_UP and now - since >= self.unsendable_after:
            await self._unsendable(message, person_id, token, reason)
            return
        retry_at = now + self.backoff.delay(claim.attempts + 1)
        await self.claims.failed((message.notificatie_id, person_id), token, retry_at, reason, now)
        log.warning("message.not_sent_yet", notificatie_id=message.notificatie_id, persoon_id=person_id, reason=reason, retry_at=retry_at)

    async def _unsendable(self, message: PendingMessage, person_id: str, token: str, reason: str) -> None:
        await self._record(
            message, person_id, token, lambda m: m.mark_unsendable(message.alliantie_id, message.notificatie_id, person_id, reason)
        )
        log.info("message.unsendable", notificatie_id=message.notificatie_id, persoon_id=person_id, reason=reason)

    async def _record(self, message: PendingMessage, person_id: str, token: str, decide) -> bool:
        """Record the outcome and settle the claim in one transaction, only while the claim is still ours."""
        key = (message.notificatie_id, person_id)
        context = CommandContext(actor=Actor.system(SERVICE), correlation_id=message.notificatie_id, causation_id=None)
        return await record_if_held(
            self.store,
            Mailbox,
            stream_id(message.alliantie_id),
            context,
            decide,
            held=lambda tx: self.claims.holds(tx, key, token),
            after=lambda tx: self.claims.settle(tx, key),
        )
