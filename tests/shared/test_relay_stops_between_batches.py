"""A shutdown never cuts a relay's batch short: the batch being published is acknowledged and its
checkpoint saved, and no further batch starts. And the shutdown grace must leave room for the stop."""

from __future__ import annotations

import asyncio

import pytest
from pydantic import ValidationError

from aanvraag.bootstrap import bootstrap
from aanvraag.settings import AanvraagSettings
from allianties_shared.eventstore.ports import START
from allianties_shared.messaging.relay import RELAY_CHECKPOINT, OutboxRelay
from allianties_shared.settings import PlatformSettings
from tests.aanvraag.examples import ALLIANCE
from tests.support import eventually, running_service


class GatedPublisher:
    """Publishes through the real publisher once the test opens the gate; counts its batches."""

    def __init__(self, publisher) -> None:
        self.publisher = publisher
        self.topic = publisher.topic
        self.entered = asyncio.Event()
        self.gate = asyncio.Event()
        self.batches: list[int] = []

    async def publish(self, batch):
        self.entered.set()
        await self.gate.wait()
        self.batches.append(batch[0].global_position)
        return await self.publisher.publish(batch)


async def test_stopping_the_relay_lets_its_batch_finish_and_starts_no_other(database_url, kafka_settings):
    settings = AanvraagSettings(database_url=database_url, relay_enabled=False)
    async with running_service(bootstrap(settings), kafka_settings) as intake:
        for alliance_id in ("stop-een", "stop-twee"):
            lead = {"role": "penvoerder", "alliances": (alliance_id,)}
            assert (await intake.request("POST", "/v1/allianties", json=ALLIANCE | {"alliantie_id": alliance_id}, **lead)).status_code == 201
        service = intake.service
        publisher = GatedPublisher(service.relay.publisher)
        relay = OutboxRelay(service.store, service.checkpoints, publisher, batch_size=1)
        following = asyncio.create_task(relay.follow())
        try:
            await eventually(lambda: _is_set(publisher.entered), what="the first batch in the publisher")
            stopping = asyncio.create_task(relay.stop())
            await asyncio.sleep(0.2)
            assert not stopping.done(), "stop waits for the batch in flight"
            publisher.gate.set()
            await asyncio.wait_for(stopping, 5)
            await asyncio.sleep(0.3)  # the relay would have published the next batch by now
            assert len(publisher.batches) == 1
            first = (await service.store.read_all(START, 1))[0]
            assert (await service.checkpoints.load(RELAY_CHECKPOINT)).global_position == first.global_position
            assert await service.store.count_after(await service.checkpoints.load(RELAY_CHECKPOINT)) >= 1
        finally:
            following.cancel()
            await asyncio.gather(following, return_exceptions=True)


async def _is_set(event: asyncio.Event) -> bool:
    return event.is_set()


def test_a_grace_that_leaves_no_room_after_the_drain_is_refused_at_start():
    with pytest.raises(ValidationError, match="ALLIANTIES_SHUTDOWN_GRACE_SECONDS must exceed"):
        PlatformSettings(shutdown_grace_seconds=10, shutdown_drain_seconds=5)
    assert PlatformSettings().request_grace_seconds == 20 - 5 - 5
