"""Who holds which role in an alliance, learned from events by persoon id (never by address):
the penvoerder's contact person from ``alliantie-geregistreerd``, coordinators' contact persons from
``coordinatie-vastgelegd`` (they hear what the penvoerder hears), the accounthouder from
``accounthouder-toegewezen`` / ``-overgedragen`` / ``-vertrokken``."""

from __future__ import annotations

from allianties_shared.domain import DomainEvent
from notificatie.domain.mailbox import Mailbox


def remember_roles(mailbox: Mailbox, event: DomainEvent, cause: str) -> None:
    alliance_id = event.alliantie_id
    match event.name:
        case "alliantie-geregistreerd":
            contact = event.contactpersoon
            mailbox.learn_recipient(alliance_id, "penvoerder", contact.persoon_id, contact.taal, cause)
        case "coordinatie-vastgelegd":
            mailbox.replace_coordinators(alliance_id, {c.persoon_id: c.taal for c in event.contactpersonen}, cause)
        case "accounthouder-toegewezen":
            mailbox.learn_recipient(alliance_id, "accounthouder", event.accounthouder_id, "nl", cause)
        case "accounthouder-overgedragen":
            mailbox.forget_recipient(alliance_id, "accounthouder", event.van_accounthouder_id, cause)
            mailbox.learn_recipient(alliance_id, "accounthouder", event.naar_accounthouder_id, "nl", cause)
        case "accounthouder-vertrokken":
            mailbox.forget_recipient(alliance_id, "accounthouder", event.accounthouder_id, cause)
