"""Messages to people: by e-mail over SMTP, in the recipient's language, address resolved at send time."""

from __future__ import annotations

from tests.notificatie.events import ALLIANCE, registered, submitted
from tests.support import eventually


async def test_a_submitted_application_is_mailed_to_the_penvoerder_in_english(notificatie, producer, contacts, mail):
    contacts.add("p-1", ALLIANCE, "Sam de Vries", "sam@example.org", "en")
    await producer.publish("aanvraag", f"alliantie-{ALLIANCE}", registered(ALLIANCE, "p-1", "en"))
    await producer.publish("aanvraag", "aanvraag-qa-1", submitted(ALLIANCE, "qa-1"))

    async def mailed() -> bool:
        return len(mail.to("sam@example.org")) == 1

    await eventually(mailed, what="the receipt in Sam's mailbox")
    (message,) = mail.to("sam@example.org")
    assert message["Subject"] == "Your application AV-2021-qa-1 was received"
    assert "Dear Sam de Vries" in message.get_content()
    assert contacts.authorizations[0].startswith("Bearer ")

    async def messages() -> list[dict]:
        return (await notificatie.request("GET", "/v1/berichten", role="penvoerder", alliances=(ALLIANCE,))).json()

    async def recorded() -> bool:
        return len(await messages()) == 1

    await eventually(recorded, what="bericht-verzonden")
    assert [(m["sjabloon"], m["persoon_id"], m["taal"], m["status"]) for m in await messages()] == [
        ("aanvraag-ontvangen", "p-1", "en", "verzonden")
    ]


async def test_a_dutch_penvoerder_reads_dutch_and_the_language_is_taken_at_send_time(notificatie, producer, contacts, mail):
    contacts.add("p-2", ALLIANCE, "Noor Bakker", "noor@example.org", "nl")
    await producer.publish("aanvraag", f"alliantie-{ALLIANCE}", registered(ALLIANCE, "p-2", "en"))
    await producer.publish("aanvraag", "aanvraag-qa-2", submitted(ALLIANCE, "qa-2"))

    async def mailed() -> bool:
        return len(mail.to("noor@example.org")) == 1

    await eventually(mailed, what="a Dutch receipt")
    assert mail.to("noor@example.org")[0]["Subject"] == "Uw aanvraag AV-2021-qa-2 is ontvangen"


async def test_no_event_of_notificatie_carries_an_address_or_a_name(notificatie, producer, contacts, mail):
    contacts.add("p-3", ALLIANCE, "Sam de Vries", "sam@example.org", "en")
    await producer.publish("aanvraag", f"alliantie-{ALLIANCE}", registered(ALLIANCE, "p-3"))
    await producer.publish("aanvraag", "aanvraag-qa-3", submitted(ALLIANCE, "qa-3"))

    async def mailed() -> bool:
        return len(mail.messages) == 1

    await eventually(mailed, what="the receipt")

    async def recorded() -> bool:
        return any(e.name == "bericht-verzonden" for e in await notificatie.service.store.read_all())

    await eventually(recorded, what="bericht-verzonden")
    stored = str([e.data for e in await notificatie.service.store.read_all()])
    assert "sam@example.org" not in stored and "Sam de Vries" not in stored


async def test_an_erased_contact_is_not_mailed_and_shows_as_erased(notificatie, producer, contacts, mail):
    contacts.add("p-4", ALLIANCE, "Sam de Vries", "sam@example.org", "en")
    contacts.erase("p-4")
    await producer.publish("aanvraag", f"alliantie-{ALLIANCE}", registered(ALLIANCE, "p-4"))
    await producer.publish("aanvraag", "aanvraag-qa-4", submitted(ALLIANCE, "qa-4"))

    async def outcome() -> list[dict]:
        return (await notificatie.request("GET", "/v1/berichten", role="auditor")).json()

    async def settled() -> bool:
        return len(await outcome()) == 1

    await eventually(settled, what="the message settled")
    assert [(m["persoon_id"], m["status"]) for m in await outcome()] == [("p-4", "gewist")]
    assert mail.messages == []


async def test_another_alliance_sees_none_of_the_messages(notificatie, producer, contacts, mail):
    contacts.add("p-5", ALLIANCE, "Sam de Vries", "sam@example.org", "en")
    await producer.publish("aanvraag", f"alliantie-{ALLIANCE}", registered(ALLIANCE, "p-5"))
    await producer.publish("aanvraag", "aanvraag-qa-5", submitted(ALLIANCE, "qa-5"))

    async def mailed() -> bool:
        return len(mail.messages) == 1

    await eventually(mailed, what="the receipt")
    other = {"role": "penvoerder", "alliances": ("another-alliance",)}
    assert (await notificatie.request("GET", "/v1/berichten", **other)).json() == []
    assert (await notificatie.request("GET", "/v1/notificaties", **other)).json() == []
