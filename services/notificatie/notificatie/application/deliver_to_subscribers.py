"""Deliver matching events to every subscriber: per stream in order, at least once, with backoff.

Per subscription and per stream, only the earliest undelivered event is offered; the next one of
that stream waits until it was delivered. A failed attempt is retried after an exponentially growing
wait (with a cap); after the last attempt the event goes to the dead-letter list and its stream waits
for a manual re-send. Other streams go on. Every attempt is an event, on ``afleveringen-<abonnement>-<stroom>``.

With N instances, each (subscription, stream) is a lane that one instance leases at a time
(``DeliveryLeases``): it reads the lane's pending events only after claiming it, so it sees every
attempt its predecessor recorded, and it records an attempt only while it still holds the lease.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from allianties_shared.application import CommandContext
from allianties_shared.domain import Actor
from allianties_shared.eventstore.ports import EventStore
from allianties_shared.logging import get_logger
from notificatie import SERVICE
from notificatie.application.leases import new_token, record_if_held
from notificatie.application.ports import DeliveryLeases, DeliveryQueue, PendingDelivery, Target, Webhooks
from notificatie.domain.backoff import Backoff
from notificatie.domain.delivery_log import DeliveryLog, stream_id

log = get_logger(__name__)


def _offerable(item: PendingDelivery, now: datetime) -> bool:
    return item.status != "opgegeven" and (item.next_attempt_at is None or item.next_attempt_at <= now)


def _heads(items: list[PendingDelivery]) -> dict[str, PendingDelivery]:
    """The earliest pending event of each stream (items come in feed order)."""
    heads: dict[str, PendingDelivery] = {}
    for item in items:
        heads.setdefault(item.delivery.stream, item)
    return heads


@dataclass
class Deliverer:
    store: EventStore
    queue: DeliveryQueue
    webhooks: Webhooks
    backoff: Backoff
    leases: DeliveryLeases

    async def deliver_due(self, now: datetime, budget_seconds: float = 0.5) -> bool:
        """Deliver what is due, for at most about ``budget_seconds``; True when work is left for the next round."""
        targets = await self.queue.targets()
        share = budget_seconds / max(1, len(targets))  # a subscriber that is down does not starve the others
        left = False
        for target in targets:
            left = await self._deliver_to(target, now, time.monotonic() + share) or left
        return left

    async def _deliver_to(self, target: Target, now: datetime, stop_at: float) -> bool:
        due = sorted(s for s, head in _heads(await self.queue.pending(target.abonnement_id)).items() if _offerable(head, now))
        if not due:
            return False
        token = new_token()
        lanes = await self.leases.claim(target.abonnement_id, due, token)
        if not lanes:
            return False
        try:
            left = False
            waiting: set[str] = set()
            for item in await self.queue.pending(target.abonnement_id, streams=lanes):  # read after the claim: nothing stale
                stream = item.delivery.stream
                if stream in waiting:
                    continue  # an earlier event of this stream is not delivered yet: this one waits
                if time.monotonic() > stop_at:
                    left = True
                    break
                if not _offerable(item, now) or not await self._try(target, item, now, token):
                    waiting.add(stream)
            return left
        finally:
            await self.leases.release(target.abonnement_id, lanes, token)

    async def _try(self, target: Target, item: PendingDelivery, now: datetime, token: str) -> bool:
        response = await self.webhooks.deliver(target, item.body)
        attempt = item.attempts + 1
        give_up = not response.ok and self.backoff.gives_up_after(attempt)
        retry_at = None if response.ok or give_up else now + self.backoff.delay(attempt)

        def decide(log: DeliveryLog) -> None:
            log.attempted(target.abonnement_id, item.delivery, ok=response.ok, status=response.status, error=response.error, retry_at=retry_at)
            if give_up:
                log.give_up(target.abonnement_id, item.delivery)

        context = CommandContext(actor=Actor.system(SERVICE), correlation_id=item.delivery.event_id)
        recorded = await record_if_held(
            self.store,
            DeliveryLog,
            stream_id(target.abonnement_id, item.delivery.stream),
            context,
            decide,
            held=lambda tx: self.leases.holds(tx, target.abonnement_id, item.delivery.stream, token),
        )
        if not recorded:  # another instance took the lane over: its word counts, ours is dropped
            log.warning("delivery.lease_lost", abonnement_id=target.abonnement_id, event_id=item.delivery.event_id)
            return False
        log.info(
            "delivery.attempted", abonnement_id=target.abonnement_id, event_id=item.delivery.event_id, attempt=attempt, ok=response.ok
        )
        return response.ok
