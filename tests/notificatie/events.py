"""Events of the other services, as notificatie receives them in these tests."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

from allianties_shared.contracts.aanvraag import (
    AanvraagIngediend,
    AanvraagOpgesteld,
    AanvullingGevraagd,
    AlliantieGeregistreerd,
)
from allianties_shared.contracts.common import Contactpersoon, Organisatie
from allianties_shared.contracts.toekenning import SubsidieAfgewezen
from allianties_shared.domain.personal_data import Sealed

ALLIANCE = "queer-amsterdam"


def registered(alliance: str, person_id: str, language: str = "nl") -> AlliantieGeregistreerd:
    sealed = Sealed(subject=uuid4(), ciphertext="c2VhbGVk")
    return AlliantieGeregistreerd(
        alliantie_id=alliance,
        naam=f"Alliantie {alliance}",
        penvoerder=Organisatie(kvk="12345678", naam="COC Amsterdam"),
        partners=[Organisatie(kvk="23456789", naam="MarokQueer Zawia"), Organisatie(kvk="34567890", naam="Papaya Kuir")],
        contactpersoon=Contactpersoon(persoon_id=person_id, naam=sealed, email=sealed, taal=language),
    )


def drafted(alliance: str, application: str) -> AanvraagOpgesteld:
    return AanvraagOpgesteld(
        aanvraag_id=application, alliantie_id=alliance, ronde_id="2021", prioriteiten=[2], bedrag_per_jaar_centen=15_000_000
    )


def submitted(alliance: str, application: str, priorities: tuple[int, ...] = (2,)) -> AanvraagIngediend:
    return AanvraagIngediend(
        aanvraag_id=application,
        alliantie_id=alliance,
        ronde_id="2021",
        referentie=f"AV-2021-{application}",
        prioriteiten=list(priorities),
        bedrag_per_jaar_centen=15_000_000,
        ingediend_op=datetime(2021, 3, 1, 20, tzinfo=UTC),
    )


def completion_requested(alliance: str, application: str, term: date) -> AanvullingGevraagd:
    return AanvullingGevraagd(aanvraag_id=application, alliantie_id=alliance, reden="de begroting ontbreekt", termijn=term)


def rejected(alliance: str, application: str) -> SubsidieAfgewezen:
    return SubsidieAfgewezen(
        beoordeling_id=f"{application}-p2", aanvraag_id=application, alliantie_id=alliance, prioriteit=2, motivering="te weinig bereik"
    )
