"""The deliveries of one stream's events to one subscriber: one small stream per (subscription, stream),
``afleveringen-<abonnement_id>-<stroom>``, so recording an attempt never replays a long history."""

from __future__ import annotations

from datetime import datetime

from allianties_shared.contracts.notificatie import (
    AfleveringGeprobeerd,
    AfleveringOpgegeven,
    AfleveringOpnieuwAangeboden,
)
from allianties_shared.domain import Aggregate, DomainEvent, NotFound
from notificatie.domain.subscription import Delivery


def stream_id(subscription_id: str, stream: str) -> str:
    return f"afleveringen-{subscription_id}-{stream}"


class DeliveryLog(Aggregate):
    stream_type = "afleveringen"

    def __init__(self, id: str) -> None:
        super().__init__(id)
        self.attempts: dict[str, int] = {}
        self.dead: set[str] = set()

    def attempted(
        self, subscription_id: str, delivery: Delivery, *, ok: bool, status: int | None, error: str | None, retry_at: datetime | None
    ) -> None:
        self._record(
            AfleveringGeprobeerd(
                abonnement_id=subscription_id,
                event_id=delivery.event_id,
                event_type=delivery.event_type,
                stroom=delivery.stream,
                positie=delivery.position,
                poging=self.attempts.get(delivery.event_id, 0) + 1,
                gelukt=ok,
                http_status=status,
                fout=error,
                volgende_poging_op=retry_at if not ok else None,
            )
        )

    def give_up(self, subscription_id: str, delivery: Delivery) -> None:
        if delivery.event_id in self.dead:
            return
        self._record(
            AfleveringOpgegeven(
                abonnement_id=subscription_id,
                event_id=delivery.event_id,
                stroom=delivery.stream,
                positie=delivery.position,
                pogingen=self.attempts.get(delivery.event_id, 0),
            )
        )

    def resend(self, subscription_id: str, event_id: str) -> None:
        if event_id not in self.dead:
            raise NotFound(
                "dead-letter-bestaat",
                f"Event {event_id} staat niet op de dead-letterlijst van dit abonnement.",
                f"Event {event_id} is not on this subscription's dead-letter list.",
                field="event_id",
            )
        self._record(AfleveringOpnieuwAangeboden(abonnement_id=subscription_id, event_id=event_id))

    def apply(self, event: DomainEvent) -> None:
        match event:
            case AfleveringGeprobeerd():
                self.attempts[event.event_id] = event.poging
            case AfleveringOpgegeven():
                self.dead.add(event.event_id)
            case AfleveringOpnieuwAangeboden():
                self.dead.discard(event.event_id)
                self.attempts[event.event_id] = 0
