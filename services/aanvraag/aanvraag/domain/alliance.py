"""An alliance: a penvoerder and at least two partner organisations; never a single party."""

from __future__ import annotations

from allianties_shared.contracts.aanvraag import AlliantieGeregistreerd
from allianties_shared.contracts.common import Contactpersoon, Organisatie
from allianties_shared.domain import Aggregate, DomainEvent, RuleViolation

MINIMUM_PARTNERS = 2


def stream_id(alliance_id: str) -> str:
    return f"alliantie-{alliance_id}"


class Alliance(Aggregate):
    stream_type = "alliantie"

    def __init__(self, id: str) -> None:
        super().__init__(id)
        self.alliance_id: str | None = None
        self.name = ""
        self.penvoerder: Organisatie | None = None
        self.partners: list[Organisatie] = []
        self.contact: Contactpersoon | None = None

    def register(
        self, alliance_id: str, name: str, penvoerder: Organisatie, partners: list[Organisatie], contact: Contactpersoon
    ) -> None:
        if self.exists:
            raise RuleViolation(
                "alliance-unique",
                f"Alliantie {alliance_id} is al geregistreerd.",
                f"Alliance {alliance_id} is already registered.",
                field="alliantie_id",
            )
        if len(partners) < MINIMUM_PARTNERS:
            raise RuleViolation(
                "alliance-minimum-partners",
                f"Een alliantie heeft naast de penvoerder minstens {MINIMUM_PARTNERS} partners; één organisatie kan niet aanvragen.",
                f"An alliance has at least {MINIMUM_PARTNERS} partners besides the penvoerder; a single organisation cannot apply.",
                field="partners",
            )
        kvks = [penvoerder.kvk, *(p.kvk for p in partners)]
        if len(set(kvks)) != len(kvks):
            raise RuleViolation(
                "alliance-distinct-organisations",
                "Elke organisatie komt maar één keer voor in de alliantie (dubbel KvK-nummer).",
                "Each organisation appears once in the alliance (duplicate KvK number).",
                field="partners",
            )
        self._record(
            AlliantieGeregistreerd(
                alliantie_id=alliance_id, naam=name, penvoerder=penvoerder, partners=partners, contactpersoon=contact
            )
        )

    def apply(self, event: DomainEvent) -> None:
        match event:
            case AlliantieGeregistreerd():
                self.alliance_id = event.alliantie_id
                self.name = event.naam
                self.penvoerder = event.penvoerder
                self.partners = list(event.partners)
                self.contact = event.contactpersoon
