"""One handler for every event of the four topics: it joins the feed, and what concerns an alliance
is turned into messages, recipients and deadlines, all in the consumer's transaction."""

from __future__ import annotations

import asyncio

from allianties_shared.contracts import REGISTRIES
from allianties_shared.domain import DomainEvent
from allianties_shared.events.envelope import CloudEvent
from allianties_shared.eventstore.ports import StoreTransaction
from allianties_shared.regulation.model import Regeling
from allianties_shared.runtime import Consumption
from notificatie import SERVICE
from notificatie.adapters.feed import add_to_feed
from notificatie.application.when_an_event_concerns_an_alliance_update_its_mailbox import (
    when_an_event_concerns_an_alliance_update_its_mailbox,
)


class Reactions:
    """The consumer starts before the service is wired; the regulation arrives with ``start``."""

    def __init__(self) -> None:
        self.regulation: Regeling | None = None
        self._started = asyncio.Event()

    def start(self, regulation: Regeling) -> None:
        self.regulation = regulation
        self._started.set()

    async def on_event(self, tx: StoreTransaction, envelope: CloudEvent, event: DomainEvent) -> None:
        await add_to_feed(tx, envelope)
        if envelope.producer == SERVICE:
            return
        await asyncio.wait_for(self._started.wait(), timeout=30)
        assert self.regulation is not None
        await when_an_event_concerns_an_alliance_update_its_mailbox(tx, envelope, event, self.regulation)

    def consumptions(self) -> list[Consumption]:
        """Every event type of every topic, ours included: subscribers may ask for any of them."""
        return [Consumption(producer, {model.name: self.on_event for model in registry}) for producer, registry in REGISTRIES.items()]
