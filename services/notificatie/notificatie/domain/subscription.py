"""A subscription of another municipal system: one stream per subscription (``abonnement-<id>``).

It records what the subscriber wants (types, filters, authentication), its end and its catch-ups;
the delivery attempts live in small streams of their own (``delivery_log``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from allianties_shared.contracts.notificatie import (
    AbonnementGenomen,
    AbonnementOpgezegd,
    InhaalslagGevraagd,
)
from allianties_shared.domain import Aggregate, DomainEvent, NotFound, RuleViolation
from allianties_shared.domain.personal_data import Sealed

# The delivery log is itself made of events of notificatie; offering those to subscribers would
# make every delivery cause another one. They are read through the delivery-log API instead.
NOT_SUBSCRIBABLE = frozenset({"aflevering-geprobeerd", "aflevering-opgegeven", "aflevering-opnieuw-aangeboden"})


def stream_id(subscription_id: str) -> str:
    return f"abonnement-{subscription_id}"


@dataclass(frozen=True)
class Delivery:
    """One event offered to one subscriber."""

    event_id: str
    event_type: str
    stream: str
    position: int


class Subscription(Aggregate):
    stream_type = "abonnement"

    def __init__(self, id: str) -> None:
        super().__init__(id)
        self.owner = ""
        self.cancelled = False

    def take(
        self,
        *,
        owner: str,
        callback_url: str,
        types: list[str],
        known_types: set[str],
        priorities: list[int],
        known_priorities: set[int],
        alliances: list[str],
        api_key_header: str | None,
        api_key: Sealed | None,
        hmac_secret: Sealed | None,
        from_position: int,
    ) -> None:
        if self.exists:
            raise RuleViolation("abonnement-uniek", "Dit abonnement bestaat al.", "This subscription already exists.", field="abonnement_id")
        url = urlsplit(callback_url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise RuleViolation(
                "callback-url", "De callback-URL moet een http(s)-URL zijn.", "The callback URL must be an http(s) URL.", field="callback_url"
            )
        unknown = sorted(set(types) - known_types)
        if unknown:
            raise RuleViolation(
                "type-bekend", f"Onbekende eventtypes: {', '.join(unknown)}.", f"Unknown event types: {', '.join(unknown)}.", field="types"
            )
        if set(types) & NOT_SUBSCRIBABLE:
            raise RuleViolation(
                "type-abonneerbaar",
                "Op het afleverlog abonneert u niet; lees het via de API.",
                "The delivery log cannot be subscribed to; read it through the API.",
                field="types",
            )
        if set(priorities) - known_priorities:
            raise RuleViolation("prioriteit-bekend", "Onbekende prioriteit.", "Unknown priority.", field="prioriteiten")
        if api_key is None and hmac_secret is None:
            raise RuleViolation(
                "authenticatie-vereist",
                "Geef een API-sleutel of een HMAC-geheim op, zodat de ontvanger ons kan herkennen.",
                "Give an API key or an HMAC secret, so the subscriber can recognise us.",
                field="authenticatie",
            )
        if api_key is not None and not api_key_header:
            raise RuleViolation("api-key-header", "Geef de header voor de API-sleutel op.", "Name the API key header.", field="api_key_header")
        self._record(
            AbonnementGenomen(
                abonnement_id=self.id.removeprefix("abonnement-"),
                eigenaar=owner,
                callback_url=callback_url,
                types=sorted(set(types)),
                prioriteiten=sorted(set(priorities)),
                allianties=sorted(set(alliances)),
                api_key_header=api_key_header if api_key is not None else None,
                api_key=api_key,
                hmac_geheim=hmac_secret,
                vanaf_positie=from_position,
            )
        )

    def require_active(self) -> None:
        if not self.exists:
            raise NotFound("abonnement-bestaat", "Dit abonnement bestaat niet.", "This subscription does not exist.", field="abonnement_id")
        if self.cancelled:
            raise RuleViolation("abonnement-actief", "Dit abonnement is opgezegd.", "This subscription was cancelled.", field="abonnement_id")

    def cancel(self) -> None:
        self.require_active()
        self._record(AbonnementOpgezegd(abonnement_id=self._sid))

    @property
    def _sid(self) -> str:
        return self.id.removeprefix("abonnement-")

    def catch_up(self, *, from_position: int | None, from_time: datetime | None) -> None:
        self.require_active()
        if (from_position is None) == (from_time is None):
            raise RuleViolation(
                "inhaal-vanaf",
                "Geef een positie of een moment op om vanaf in te halen (één van beide).",
                "Give a position or a moment to catch up from (exactly one).",
                field="vanaf_positie",
            )
        if from_time is not None and from_time.tzinfo is None:
            raise RuleViolation("tijdzone", "Geef het moment met tijdzone.", "Give the moment with a time zone.", field="vanaf_tijd")
        self._record(InhaalslagGevraagd(abonnement_id=self._sid, vanaf_positie=from_position, vanaf_tijd=from_time))

    def apply(self, event: DomainEvent) -> None:
        match event:
            case AbonnementGenomen():
                self.owner = event.eigenaar
            case AbonnementOpgezegd():
                self.cancelled = True
