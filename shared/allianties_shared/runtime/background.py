"""What an instance does besides answering HTTP: register itself, follow the service's clock, and contend
for the relay and the ticker lock, so that of N instances exactly one relays and one ticks."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from allianties_shared.domain.clock import SettableClock
from allianties_shared.logging import get_logger
from allianties_shared.messaging.relay import NOTIFY_CHANNEL, RELAY_LOCK
from allianties_shared.messaging.topics import TopicWatch
from allianties_shared.runtime.instances import Instance, InstanceRegistry, Roles
from allianties_shared.runtime.leadership import UNREACHABLE, LeaderLock
from allianties_shared.runtime.shared_clock import SharedClock
from allianties_shared.runtime.state import RunningService
from allianties_shared.runtime.tickers import TICKER_LOCK, run_tickers, tick_soon

log = get_logger(__name__)

RELAY_STOP_SECONDS = 3.0
"""How long a shutdown waits for the relay's batch in flight (part of ``SHUTDOWN_STOP_SECONDS``)."""


@dataclass
class Background:
    service: RunningService
    tasks: list[asyncio.Task] = field(default_factory=list)
    watch: TopicWatch | None = None

    async def stop(self) -> None:
        if self.service.relay_leader is not None and self.service.relay_leader.held:
            try:  # never cancel a batch mid-publish: it would go out again from the next relay
                async with asyncio.timeout(RELAY_STOP_SECONDS):
                    await self.service.relay.stop()
            except TimeoutError:
                log.warning("relay.stop_timed_out", after_seconds=RELAY_STOP_SECONDS)
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        if self.watch is not None:
            await self.watch.stop()
        registry = self.service.instances
        if registry is not None:
            try:
                await registry.deregister()
            except UNREACHABLE as error:  # it goes stale by itself
                log.warning("instance.deregister_failed", error=repr(error))


async def start_background(service: RunningService) -> Background:
    background = Background(service)
    registry = InstanceRegistry(
        service.pool, Instance.this_process(), locks={"relay": RELAY_LOCK, "tickers": TICKER_LOCK}, roles=lambda: _roles(service)
    )
    service.instances = registry
    try:
        await _start(service, background, registry)
    except BaseException:
        await background.stop()
        raise
    log.info("instance.registered", instance=registry.instance.id)
    return background


async def _start(service: RunningService, background: Background, registry: InstanceRegistry) -> None:
    settings = service.definition.settings
    if isinstance(service.clock, SettableClock):
        service.shared_clock = SharedClock(service.clock, service.pool, settings.database_url, on_change=lambda: tick_soon(service))
        await service.shared_clock.load()
        background.tasks.append(asyncio.create_task(service.shared_clock.follow(), name=f"{service.name}-clock"))
    if settings.relay_enabled:
        watch = TopicWatch(service.kafka, service.relay.publisher.topic, service.topics)
        await watch.start()
        background.watch = service.relay.watch = watch
        service.relay_leader = LeaderLock(
            settings.database_url, RELAY_LOCK, "relay", listen={NOTIFY_CHANNEL: service.relay.on_notify}, on_change=registry.beat_soon
        )
        background.tasks.append(asyncio.create_task(service.relay_leader.hold(service.relay.follow), name=f"{service.name}-relay"))
    if service.definition.tickers and settings.tickers_enabled:
        service.ticker_leader = LeaderLock(settings.database_url, TICKER_LOCK, "tickers", on_change=registry.beat_soon)
        background.tasks.append(
            asyncio.create_task(service.ticker_leader.hold(lambda: run_tickers(service)), name=f"{service.name}-tickers")
        )
    await registry.beat()
    background.tasks.append(asyncio.create_task(registry.run(), name=f"{service.name}-heartbeat"))


def _roles(service: RunningService) -> Roles:
    relay, tickers = service.relay_leader, service.ticker_leader
    return Roles(
        relay_backend=relay.backend_pid if relay is not None else None,
        tickers_backend=tickers.backend_pid if tickers is not None else None,
    )
