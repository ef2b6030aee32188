"""A look at the broker that never comes back (a client waiting on the connection of a broker that just
restarted) is given up after a bound: the watch's clients are dropped, and the next look finds the loss."""

from __future__ import annotations

import asyncio

from aanvraag.bootstrap import bootstrap
from aanvraag.settings import AanvraagSettings
from allianties_shared.messaging import relay as relay_module
from allianties_shared.messaging.relay import OutboxRelay
from tests.support import eventually, running_service


class HangingWatch:
    """The first look hangs for ever; the next says the topic is missing."""

    def __init__(self) -> None:
        self.looks = 0
        self.reconnects = 0
        self.recreated = 0

    async def forgotten(self, *, published_before: bool) -> str | None:
        self.looks += 1
        if self.looks == 1:
            await asyncio.Event().wait()
        return "missing" if self.looks == 2 else None

    async def reconnect(self) -> None:
        self.reconnects += 1

    async def recreate_topics(self) -> list[str]:
        self.recreated += 1
        return []

    def forget_baseline(self) -> None:
        pass

    @property
    def suspects(self) -> bool:
        return False

    def acknowledged(self, records) -> None:
        pass


async def test_a_look_that_hangs_is_cut_off_and_the_next_look_republishes(database_url, kafka_settings, monkeypatch):
    monkeypatch.setattr(relay_module, "LOOK_TIMEOUT_SECONDS", 0.3)
    async with running_service(bootstrap(AanvraagSettings(database_url=database_url)), kafka_settings) as intake:
        service = intake.service
        watch = HangingWatch()
        relay = OutboxRelay(service.store, service.checkpoints, service.relay.publisher, watch=watch, watch_seconds=0.1, retry_seconds=0.1)
        following = asyncio.create_task(relay.follow())
        try:

            async def republished() -> bool:
                return relay.republished_after_broker_loss == 1

            await eventually(republished, timeout=10, what="the relay to look again after the hung look and republish")
        finally:
            following.cancel()
            await asyncio.gather(following, return_exceptions=True)
    assert watch.reconnects == 1 and watch.recreated == 1
