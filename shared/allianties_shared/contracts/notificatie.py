"""Events of the notification service (notificatie), on topic ``<prefix>notificatie``.

No e-mail addresses or names in these events: people are named by ``persoon_id`` only, and their
address is resolved when a message is sent.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from allianties_shared.domain.events import DomainEvent
from allianties_shared.domain.personal_data import Sealed
from allianties_shared.events.registry import EventRegistry

registry = EventRegistry("notificatie")

Taal = Literal["nl", "en"]


@registry.register
class NotificatieVastgelegd(DomainEvent):
    """A message for a role in an alliance was recorded: what, for whom, and why (the causing event).

    The address and language of the person in that role are resolved when the message is sent.
    """

    name = "notificatie-vastgelegd"

    notificatie_id: str
    alliantie_id: str
    ontvanger_rol: Literal["penvoerder", "partner", "accounthouder"]
    sjabloon: str
    aanleiding_event_id: str
    aanleiding_type: str


@registry.register
class OntvangerBekend(DomainEvent):
    """Notificatie learned who holds a role in an alliance (by id, never by address), and in which language they read."""

    name = "ontvanger-bekend"

    alliantie_id: str
    rol: Literal["penvoerder", "partner", "accounthouder"]
    persoon_id: str
    taal: Taal = "nl"
    aanleiding_event_id: str
    via: str = Field(default="alliantie-geregistreerd", description="the event type that named them")


@registry.register
class OntvangerVervallen(DomainEvent):
    """A person no longer holds a role in an alliance (for example: the accounthouder was handed over)."""

    name = "ontvanger-vervallen"

    alliantie_id: str
    rol: Literal["penvoerder", "partner", "accounthouder"]
    persoon_id: str
    aanleiding_event_id: str


@registry.register
class BerichtVerzonden(DomainEvent):
    """A message was sent to one person, in their language: who was told what, and when."""

    name = "bericht-verzonden"

    notificatie_id: str
    alliantie_id: str
    persoon_id: str
    taal: Taal
    sjabloon: str
    kanaal: Literal["email"] = "email"


@registry.register
class BerichtNietVerzonden(DomainEvent):
    """A message could not be sent to a person and never will be: their data was erased, they have no
    address, or for ``NOTIFICATIE_UNSENDABLE_AFTER_SECONDS`` they were unknown (``onbekend``), their
    address could not be looked up (``niet-opvraagbaar``) or the mail server refused them (``geweigerd``)."""

    name = "bericht-niet-verzonden"

    notificatie_id: str
    alliantie_id: str
    persoon_id: str
    reden: Literal["gewist", "geen-adres", "onbekend", "niet-opvraagbaar", "geweigerd"]


@registry.register
class TermijnVastgelegd(DomainEvent):
    """A deadline that concerns an alliance was learned from an event; reminders are derived from it."""

    name = "termijn-vastgelegd"

    termijn_id: str
    alliantie_id: str
    soort: Literal["indiening", "aanvulling", "rapportage", "bezwaar"]
    referentie: str = Field(description="the application, grant or dossier the deadline belongs to")
    termijn: datetime
    aanleiding_event_id: str


@registry.register
class TermijnVervallen(DomainEvent):
    """A deadline no longer needs reminders (the application was submitted, completed or withdrawn)."""

    name = "termijn-vervallen"

    termijn_id: str
    alliantie_id: str
    aanleiding_event_id: str


@registry.register
class HerinneringVastgelegd(DomainEvent):
    """A reminder of a deadline fell due and was recorded as a message for the alliance's penvoerder."""

    name = "herinnering-vastgelegd"

    notificatie_id: str
    termijn_id: str
    alliantie_id: str
    dagen_voor: int
    sjabloon: str


@registry.register
class AbonnementGenomen(DomainEvent):
    """Another municipal system subscribed a callback URL to event types, with filters and authentication.

    Secrets (the API key or the HMAC key) are sealed with a key of the subscription itself.
    """

    name = "abonnement-genomen"

    abonnement_id: str
    eigenaar: str = Field(description="actor id of the system that subscribed")
    callback_url: str
    types: list[str] = Field(description="event names (e.g. subsidie-verleend); empty = all")
    prioriteiten: list[int] = Field(default_factory=list, description="empty = all")
    allianties: list[str] = Field(default_factory=list, description="empty = all")
    api_key_header: str | None = None
    api_key: Sealed | None = None
    hmac_geheim: Sealed | None = None
    vanaf_positie: int = Field(ge=0, description="deliver events after this position of the feed")


@registry.register
class AbonnementOpgezegd(DomainEvent):
    """A subscription was ended; nothing is delivered to it any more."""

    name = "abonnement-opgezegd"

    abonnement_id: str


@registry.register
class AfleveringGeprobeerd(DomainEvent):
    """One attempt to deliver one event to one subscriber, and how it went."""

    name = "aflevering-geprobeerd"

    abonnement_id: str
    event_id: str
    event_type: str
    stroom: str
    positie: int
    poging: int = Field(ge=1)
    gelukt: bool
    http_status: int | None = None
    fout: str | None = None
    volgende_poging_op: datetime | None = None


@registry.register
class AfleveringOpgegeven(DomainEvent):
    """Delivery of an event to a subscriber was given up after its attempts: it is on the dead-letter list,
    and later events of its stream wait until it is re-sent."""

    name = "aflevering-opgegeven"

    abonnement_id: str
    event_id: str
    stroom: str
    positie: int
    pogingen: int


@registry.register
class AfleveringOpnieuwAangeboden(DomainEvent):
    """An operator asked to re-send a dead-lettered event to its subscriber."""

    name = "aflevering-opnieuw-aangeboden"

    abonnement_id: str
    event_id: str


@registry.register
class InhaalslagGevraagd(DomainEvent):
    """A subscriber asked to receive again every matching event from a feed position or a moment on."""

    name = "inhaalslag-gevraagd"

    abonnement_id: str
    vanaf_positie: int | None = None
    vanaf_tijd: datetime | None = None
