"""An alliance: a penvoerder and at least two partner organisations; never a single party.

Partners join and leave over time. Coordination lies with the penvoerder unless recorded otherwise:
one or two member organisations, whose actors (token subjects) may then act as coordinator.
"""

from __future__ import annotations

from datetime import date

from allianties_shared.contracts.aanvraag import (
    AlliantieGeregistreerd,
    CoordinatieVastgelegd,
    PartnerToegetreden,
    PartnerVertrokken,
)
from allianties_shared.contracts.common import Contactpersoon, Organisatie
from allianties_shared.domain import AccessDenied, Actor, Aggregate, DomainEvent, NotFound, Role, RuleViolation

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
        self.partners: dict[str, Organisatie] = {}
        self.contact: Contactpersoon | None = None
        self.coordinating: list[str] = []
        self.coordinator_actors: set[str] = set()
        self.coordinator_contacts: list[Contactpersoon] = []

    def require_registered(self, alliance_id: str) -> None:
        if not self.exists:
            raise NotFound(
                "alliance-registered",
                f"Alliantie {alliance_id} is niet geregistreerd.",
                f"Alliance {alliance_id} is not registered.",
                field="alliantie_id",
            )

    def require_lead(self, actor: Actor) -> None:
        """Only the penvoerder, or an actor the alliance recorded as coordinator, acts for the alliance."""
        actor.require_alliance(self.alliance_id or "")
        if actor.role is Role.PENVOERDER or (actor.role is Role.PARTNER and actor.id in self.coordinator_actors):
            return
        raise AccessDenied(
            "alliance-lead",
            "Alleen de penvoerder of de coördinator van de alliantie mag dit.",
            "Only the alliance's penvoerder or coordinator may do this.",
        )

    def register(
        self,
        alliance_id: str,
        name: str,
        penvoerder: Organisatie,
        partners: list[Organisatie],
        contact: Contactpersoon,
        minimum: int = MINIMUM_PARTNERS,
    ) -> None:
        if self.exists:
            raise RuleViolation(
                "alliance-unique",
                f"Alliantie {alliance_id} is al geregistreerd.",
                f"Alliance {alliance_id} is already registered.",
                field="alliantie_id",
            )
        _require_minimum(len(partners), minimum)
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

    def join(self, organisation: Organisatie, per: date) -> None:
        if organisation.kvk in self.members:
            raise RuleViolation(
                "partner-once",
                f"Organisatie {organisation.kvk} is al lid van deze alliantie.",
                f"Organisation {organisation.kvk} is already a member of this alliance.",
                field="organisatie.kvk",
            )
        self._record(PartnerToegetreden(alliantie_id=self.alliance_id or "", organisatie=organisation, per=per))

    def leave(self, kvk: str, per: date, minimum: int = MINIMUM_PARTNERS) -> None:
        if kvk not in self.partners:
            message = "de penvoerder kan niet vertrekken" if self.penvoerder and kvk == self.penvoerder.kvk else "geen partner"
            raise RuleViolation(
                "partner-member",
                f"Organisatie {kvk} kan niet vertrekken: {message}.",
                f"Organisation {kvk} cannot leave: it is the penvoerder or not a partner.",
                field="kvk",
            )
        if kvk in self.coordinating:
            raise RuleViolation(
                "partner-coordinating",
                f"Organisatie {kvk} coördineert; leg eerst de coördinatie anders vast.",
                f"Organisation {kvk} coordinates; record another coordination first.",
                field="kvk",
            )
        _require_minimum(len(self.partners) - 1, minimum)
        self._record(PartnerVertrokken(alliantie_id=self.alliance_id or "", kvk=kvk, per=per))

    def coordinate(self, organisations: list[str], actors: list[str], contacts: list[Contactpersoon]) -> None:
        strangers = sorted(set(organisations) - set(self.members))
        if strangers or not 1 <= len(set(organisations)) <= 2:
            raise RuleViolation(
                "coordination-members",
                f"Coördinatie ligt bij één of twee leden van de alliantie (geen lid: {strangers}).",
                f"Coordination lies with one or two members of the alliance (not a member: {strangers}).",
                field="organisaties",
            )
        self._record(
            CoordinatieVastgelegd(
                alliantie_id=self.alliance_id or "",
                organisaties=sorted(set(organisations)),
                actoren=sorted(set(actors)),
                contactpersonen=contacts,
            )
        )

    @property
    def members(self) -> list[str]:
        return ([self.penvoerder.kvk] if self.penvoerder else []) + list(self.partners)

    def apply(self, event: DomainEvent) -> None:
        match event:
            case AlliantieGeregistreerd():
                self.alliance_id = event.alliantie_id
                self.name = event.naam
                self.penvoerder = event.penvoerder
                self.partners = {p.kvk: p for p in event.partners}
                self.contact = event.contactpersoon
                self.coordinating = [event.penvoerder.kvk]
            case PartnerToegetreden():
                self.partners[event.organisatie.kvk] = event.organisatie
            case PartnerVertrokken():
                self.partners.pop(event.kvk, None)
            case CoordinatieVastgelegd():
                self.coordinating = list(event.organisaties)
                self.coordinator_actors = set(event.actoren)
                self.coordinator_contacts = list(event.contactpersonen)


def _require_minimum(partners: int, minimum: int) -> None:
    """The regulation's ``minimum_partners`` besides the penvoerder (2 in 2021)."""
    if partners < minimum:
        raise RuleViolation(
            "alliance-minimum-partners",
            f"Een alliantie heeft naast de penvoerder minstens {minimum} partners; één organisatie kan niet aanvragen.",
            f"An alliance has at least {minimum} partners besides the penvoerder; a single organisation cannot apply.",
            field="partners",
        )
