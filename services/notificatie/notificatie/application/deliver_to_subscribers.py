"""Deliver matching events to every subscriber: per stream in order, at least once, with backoff.

Per subscription and per stream, only the earliest undelivered event is offered; the next one of
that stream waits until it was delivered. A failed attempt is retried after an exponentially growing
wait (with a cap); after the last attempt the event goes to the dead-letter list and its stream waits
for a manual re-send. Other streams go on. Every attempt is an event, on ``afleveringen-<abonnement>-<stroom>``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from allianties_shared.application import CommandContext, Repository
from allianties_shared.contracts.notificatie import registry
from allianties_shared.domain import Actor
from allianties_shared.eventstore.ports import EventStore
from allianties_shared.logging import get_logger
from notificatie import SERVICE
from notificatie.application.ports import DeliveryQueue, PendingDelivery, Target, Webhooks
from notificatie.domain.backoff import Backoff
from notificatie.domain.delivery_log import DeliveryLog, stream_id

log = get_logger(__name__)
_repository = Repository(registry)


@dataclass
class Deliverer:
    store: EventStore
    queue: DeliveryQueue
    webhooks: Webhooks
    backoff: Backoff

    async def deliver_due(self, now: datetime, budget_seconds: float = 0.5) -> bool:
        """Deliver what is due, for at most about ``budget_seconds``; True when work is left for the next round."""
        targets = await self.queue.targets()
        share = budget_seconds / max(1, len(targets))  # a subscriber that is down does not starve the others
        left = False
        for target in targets:
            stop_at = time.monotonic() + share
            waiting: set[str] = set()
            for item in await self.queue.pending(target.abonnement_id):
                if item.delivery.stream in waiting:
                    continue  # an earlier event of this stream is not delivered yet: this one waits
                if time.monotonic() > stop_at:
                    left = True
                    break
                if not await self._try(target, item, now):
                    waiting.add(item.delivery.stream)
        return left

    async def _try(self, target: Target, item: PendingDelivery, now: datetime) -> bool:
        if item.status == "opgegeven" or (item.next_attempt_at is not None and item.next_attempt_at > now):
            return False
        response = await self.webhooks.deliver(target, item.body)
        attempt = item.attempts + 1
        give_up = not response.ok and self.backoff.gives_up_after(attempt)
        retry_at = None if response.ok or give_up else now + self.backoff.delay(attempt)

        def decide(log: DeliveryLog) -> None:
            log.attempted(target.abonnement_id, item.delivery, ok=response.ok, status=response.status, error=response.error, retry_at=retry_at)
            if give_up:
                log.give_up(target.abonnement_id, item.delivery)

        context = CommandContext(actor=Actor.system(SERVICE), correlation_id=item.delivery.event_id)
        await _repository.execute(self.store, DeliveryLog, stream_id(target.abonnement_id, item.delivery.stream), context, decide)
        log.info(
            "delivery.attempted", abonnement_id=target.abonnement_id, event_id=item.delivery.event_id, attempt=attempt, ok=response.ok
        )
        return response.ok
