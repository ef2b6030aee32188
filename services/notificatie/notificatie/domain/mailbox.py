"""The messages of one alliance: one stream per alliance (``notificaties-<alliantie_id>``).

It knows who holds which role (by persoon id), which messages were recorded and to whom each was
sent, the deadlines learned from events and which reminders of them were sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID, uuid5

from allianties_shared.contracts.notificatie import (
    BerichtNietVerzonden,
    BerichtVerzonden,
    HerinneringVastgelegd,
    NotificatieVastgelegd,
    OntvangerBekend,
    OntvangerVervallen,
    TermijnVastgelegd,
    TermijnVervallen,
)
from allianties_shared.domain import Aggregate, DomainEvent, NotFound
from notificatie.domain.deadlines import Deadline
from notificatie.domain.notified_events import NOTIFIED_EVENTS, REMINDER_TEMPLATES

_NAMESPACE = UUID("6f1c3a52-4d0e-4a8e-9d35-2b7f7a1e0c11")

def stream_id(alliance_id: str) -> str:
    return f"notificaties-{alliance_id}"


@dataclass
class _Message:
    role: str
    template: str
    done: set[str] = field(default_factory=set)  # persoon ids sent to, or that can never be sent to


@dataclass
class _Deadline:
    kind: str
    reference: str
    due: datetime
    ended: bool = False
    reminded: set[int] = field(default_factory=set)


class Mailbox(Aggregate):
    stream_type = "notificaties"

    def __init__(self, id: str) -> None:
        super().__init__(id)
        self.causes: set[str] = set()
        self.recipients: dict[str, dict[str, str]] = {}  # role -> persoon id -> language
        self.coordinators: set[str] = set()  # contact persons who act for the alliance besides the penvoerder's
        self.messages: dict[str, _Message] = {}
        self.deadlines: dict[str, _Deadline] = {}

    def record(self, alliance_id: str, cause_id: str, cause_name: str) -> None:
        """Record the message a consumed event calls for; once per cause."""
        if cause_id in self.causes:
            return
        for role, template in NOTIFIED_EVENTS.get(cause_name, ()):
            self._record(
                NotificatieVastgelegd(
                    notificatie_id=str(uuid5(_NAMESPACE, f"{cause_id}:{role}")),
                    alliantie_id=alliance_id,
                    ontvanger_rol=role,
                    sjabloon=template,
                    aanleiding_event_id=cause_id,
                    aanleiding_type=cause_name,
                )
            )

    def learn_recipient(
        self, alliance_id: str, role: str, person_id: str, language: str, cause_id: str, via: str = "alliantie-geregistreerd"
    ) -> None:
        if self.recipients.get(role, {}).get(person_id) == language:
            return
        self._record(
            OntvangerBekend(
                alliantie_id=alliance_id, rol=role, persoon_id=person_id, taal=language, aanleiding_event_id=cause_id, via=via
            )
        )

    def replace_coordinators(self, alliance_id: str, contacts: dict[str, str], cause_id: str) -> None:
        """Coordinators act for the alliance, so they hear what the penvoerder hears; a new set replaces the old."""
        for person_id in sorted(self.coordinators - set(contacts)):
            self.forget_recipient(alliance_id, "penvoerder", person_id, cause_id)
        for person_id, language in contacts.items():
            self.learn_recipient(alliance_id, "penvoerder", person_id, language, cause_id, via="coordinatie-vastgelegd")

    def forget_recipient(self, alliance_id: str, role: str, person_id: str, cause_id: str) -> None:
        if person_id not in self.recipients.get(role, {}):
            return
        self._record(OntvangerVervallen(alliantie_id=alliance_id, rol=role, persoon_id=person_id, aanleiding_event_id=cause_id))

    def _message(self, notification_id: str) -> _Message:
        message = self.messages.get(notification_id)
        if message is None:
            raise NotFound("notificatie-bestaat", f"Notificatie {notification_id} bestaat niet.", f"Notification {notification_id} does not exist.", field="notificatie_id")
        return message

    def mark_sent(self, alliance_id: str, notification_id: str, person_id: str, language: str) -> None:
        message = self._message(notification_id)
        if person_id in message.done:
            return
        self._record(
            BerichtVerzonden(
                notificatie_id=notification_id, alliantie_id=alliance_id, persoon_id=person_id, taal=language, sjabloon=message.template
            )
        )

    def mark_unsendable(self, alliance_id: str, notification_id: str, person_id: str, reason: str) -> None:
        message = self._message(notification_id)
        if person_id in message.done:
            return
        self._record(BerichtNietVerzonden(notificatie_id=notification_id, alliantie_id=alliance_id, persoon_id=person_id, reden=reason))

    def learn_deadline(self, alliance_id: str, deadline: Deadline, cause_id: str) -> None:
        if deadline.termijn_id in self.deadlines:
            return
        self._record(
            TermijnVastgelegd(
                termijn_id=deadline.termijn_id,
                alliantie_id=alliance_id,
                soort=deadline.soort,
                referentie=deadline.referentie,
                termijn=deadline.termijn,
                aanleiding_event_id=cause_id,
            )
        )

    def end_deadlines(self, alliance_id: str, kinds: tuple[str, ...], reference: str, cause_id: str) -> None:
        for termijn_id, deadline in list(self.deadlines.items()):
            if deadline.kind in kinds and deadline.reference == reference and not deadline.ended:
                self._record(TermijnVervallen(termijn_id=termijn_id, alliantie_id=alliance_id, aanleiding_event_id=cause_id))

    def remind(self, alliance_id: str, termijn_id: str, days_before: int) -> None:
        deadline = self.deadlines.get(termijn_id)
        if deadline is None or deadline.ended or days_before in deadline.reminded:
            return
        self._record(
            HerinneringVastgelegd(
                notificatie_id=str(uuid5(_NAMESPACE, f"{termijn_id}:{days_before}")),
                termijn_id=termijn_id,
                alliantie_id=alliance_id,
                dagen_voor=days_before,
                sjabloon=REMINDER_TEMPLATES[deadline.kind],
            )
        )

    def apply(self, event: DomainEvent) -> None:
        match event:
            case NotificatieVastgelegd():
                self.causes.add(event.aanleiding_event_id)
                self.messages[event.notificatie_id] = _Message(event.ontvanger_rol, event.sjabloon)
            case OntvangerBekend():
                self.recipients.setdefault(event.rol, {})[event.persoon_id] = event.taal
                if event.via == "coordinatie-vastgelegd":
                    self.coordinators.add(event.persoon_id)
            case OntvangerVervallen():
                self.recipients.get(event.rol, {}).pop(event.persoon_id, None)
                self.coordinators.discard(event.persoon_id)
            case BerichtVerzonden() | BerichtNietVerzonden():
                self.messages[event.notificatie_id].done.add(event.persoon_id)
            case TermijnVastgelegd():
                self.deadlines[event.termijn_id] = _Deadline(event.soort, event.referentie, event.termijn)
            case TermijnVervallen():
                self.deadlines[event.termijn_id].ended = True
            case HerinneringVastgelegd():
                self.deadlines[event.termijn_id].reminded.add(event.dagen_voor)
                self.messages[event.notificatie_id] = _Message("penvoerder", event.sjabloon)
