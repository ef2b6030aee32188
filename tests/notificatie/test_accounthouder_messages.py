"""Accounthouders are staff: their address comes from the staff directory file, resolved at send time."""

from __future__ import annotations

from allianties_shared.contracts.verantwoording import AccounthouderOvergedragen, AccounthouderToegewezen
from allianties_shared.settings import PlatformSettings
from notificatie.bootstrap import bootstrap
from tests.notificatie.conftest import settings_for
from tests.notificatie.events import ALLIANCE, registered
from tests.support import eventually, running_service

STAFF = """\
ah-lieke: {naam: Lieke Jansen, email: lieke@amsterdam.example, taal: en}
ah-joost: {naam: Joost Visser, email: joost@amsterdam.example, taal: nl}
"""


async def test_a_new_accounthouder_and_the_penvoerder_are_both_told_each_in_their_language(
    notificatie_database, mail, contacts, kafka_settings, producer, tmp_path
):
    staff = tmp_path / "accounthouders.yaml"
    staff.write_text(STAFF, encoding="utf-8")
    contacts.add("p-1", ALLIANCE, "Noor Bakker", "noor@example.org", "nl")
    definition = bootstrap(settings_for(notificatie_database, mail, contacts.url, staff_directory=str(staff)))
    async with running_service(definition, kafka_settings, platform=PlatformSettings()) as notificatie:
        await producer.publish("aanvraag", f"alliantie-{ALLIANCE}", registered(ALLIANCE, "p-1"))
        assigned = AccounthouderToegewezen(alliantie_id=ALLIANCE, accounthouder_id="ah-lieke", naam="Lieke Jansen")
        await producer.publish("verantwoording", f"accounthouder-{ALLIANCE}", assigned)

        async def both() -> bool:
            return len(mail.to("lieke@amsterdam.example")) == 1 and len(mail.to("noor@example.org")) == 1

        await eventually(both, what="a mail to the accounthouder and one to the penvoerder")
        assert mail.to("lieke@amsterdam.example")[0]["Subject"] == f"You are the account manager of alliance {ALLIANCE}"
        assert "Vanaf nu is Lieke Jansen de accounthouder" in mail.to("noor@example.org")[0].get_content()

        handed = AccounthouderOvergedragen(
            alliantie_id=ALLIANCE, van_accounthouder_id="ah-lieke", naar_accounthouder_id="ah-joost", naam="Joost Visser", overdrachtsnotitie="-"
        )
        await producer.publish("verantwoording", f"accounthouder-{ALLIANCE}", handed)

        async def successor() -> bool:
            return len(mail.to("joost@amsterdam.example")) == 1

        await eventually(successor, what="the successor told")
        assert mail.to("joost@amsterdam.example")[0]["Subject"] == f"U bent accounthouder van alliantie {ALLIANCE}"
        assert len(mail.to("lieke@amsterdam.example")) == 1, "the predecessor is told nothing more"
        assert len(mail.to("joost@amsterdam.example")) == 1, "the successor does not get the predecessor's mail"

        async def recorded() -> bool:
            return len((await notificatie.request("GET", "/v1/berichten", role="auditor")).json()) == 4

        await eventually(recorded, what="every message sent recorded as an event")
