"""The outbox relay: committed events, in reading order, to the service's topic; at-least-once.

The event store is the outbox. The relay reads after its checkpoint, publishes a batch, waits for
the broker's acknowledgement and only then moves the checkpoint, so a crash in between publishes
the batch again (consumers are idempotent). It wakes on LISTEN/NOTIFY, with a slow poll as a net.
Only one relay per service is active at a time: ``follow`` runs under the relay lock (``RELAY_LOCK``,
held by the runtime's ``LeaderLock``), which is also the connection the notifications arrive on.

A broker that lost the topic (the embedded broker keeps everything in memory) is noticed by the
relay's ``TopicWatch``: the relay recreates the service's topics and publishes everything again from
the start, by itself.
"""

from __future__ import annotations

import asyncio

from allianties_shared.eventstore.checkpoints import PostgresCheckpoints
from allianties_shared.eventstore.ports import START, Position
from allianties_shared.eventstore.postgres import PostgresEventStore
from allianties_shared.logging import get_logger
from allianties_shared.messaging.publisher import EventPublisher
from allianties_shared.messaging.topics import TopicWatch
from allianties_shared.waiting import woken

RELAY_CHECKPOINT = "outbox-relay"
RELAY_LOCK = 7_202_102
NOTIFY_CHANNEL = "events_appended"
log = get_logger(__name__)

FRESH_LOOK_SECONDS = 0.0
"""A look younger than this covers a publish. 0: every drain that has something to send looks first,
for the embedded broker restarts in milliseconds (a few milliseconds per batch, for order)."""
PUBLISH_TIMEOUT_SECONDS = 10.0
"""A batch not acknowledged within this is tried again (after a look at the broker); the checkpoint stays."""
LOOK_TIMEOUT_SECONDS = 5.0
"""How long one look at the broker may take before the watch's clients are started afresh."""


class OutboxRelay:
    def __init__(
        self,
        store: PostgresEventStore,
        checkpoints: PostgresCheckpoints,
        publisher: EventPublisher,
        *,
        batch_size: int = 500,
        idle_poll_seconds: float = 0.5,
        retry_seconds: float = 1.0,
        watch: TopicWatch | None = None,
        watch_seconds: float = 2.0,
    ) -> None:
        self.store = store
        self.checkpoints = checkpoints
        self.publisher = publisher
        self.batch_size = batch_size
        self.idle_poll_seconds = idle_poll_seconds
        self.retry_seconds = retry_seconds
        self.watch = watch
        self.watch_seconds = watch_seconds
        self.published = 0
        self.republished_after_broker_loss = 0
        self.active = False
        self._wake = asyncio.Event()
        self._lock = asyncio.Lock()
        self._stopping = False
        self._looked_at = float("-inf")

    async def position(self) -> Position:
        return await self.checkpoints.load(RELAY_CHECKPOINT)

    async def drain(self) -> int:
        """Publish everything a follower can see now; return how many events went out.

        With a watch, a drain with something to send first looks at the broker: a broker that restarted
        while the relay was idle creates an empty topic on our first publish, and the batch sent into
        it would reach consumers before the stream's republished history (seen in a chaos run as a
        subscriber getting event 7 of a stream before event 5).
        """
        if self.watch is not None and self._look_is_stale() and await self.store.read_all(await self.position(), 1):
            await self._look_at_the_broker()
        sent = 0
        async with self._lock:
            position = await self.position()
            while not self._stopping and (batch := await self.store.read_all(position, self.batch_size)):
                async with asyncio.timeout(PUBLISH_TIMEOUT_SECONDS):  # unbounded, a send to a broker that just restarted can wait 40 s
                    acknowledged = await self.publisher.publish(batch)
                if self.watch is not None:
                    self.watch.acknowledged(acknowledged)
                position = Position.of(batch[-1])
                await self.checkpoints.save(RELAY_CHECKPOINT, position)
                sent += len(batch)
        self.published += sent
        return sent

    async def stop(self) -> None:
        """Let the batch being published finish and start no other (a shutdown): the lock stays taken, so
        the relay waits between batches until it is cancelled."""
        self._stopping = True
        await self._lock.acquire()

    async def reset(self, to: Position) -> None:
        """Move the checkpoint back (or forward): everything after ``to`` is published again."""
        async with self._lock:
            await self.checkpoints.save(RELAY_CHECKPOINT, to)
        self._wake.set()

    async def follow(self) -> None:
        """Relay until cancelled; run it only while holding ``RELAY_LOCK``, with ``on_notify`` listening on ``NOTIFY_CHANNEL``."""
        loop = asyncio.get_running_loop()
        self.active = True
        if self.watch is not None:
            self.watch.forget_baseline()  # another instance may have published since this one last led
        look_at = loop.time()
        try:
            while True:
                self._wake.clear()
                try:
                    if self.watch is not None and (loop.time() >= look_at or self.watch.suspects):
                        await self._look_at_the_broker()
                        look_at = loop.time() + self.watch_seconds
                    if await self.drain():
                        continue
                except Exception as error:  # noqa: BLE001 - broker or database away: keep the checkpoint, try again
                    log.warning("relay.publish_failed", error=repr(error), retry_in=self.retry_seconds)
                    look_at = loop.time()  # a broker that went away may have come back empty
                    await asyncio.sleep(self.retry_seconds)
                    continue
                wait = self.idle_poll_seconds if self.watch is None else min(self.idle_poll_seconds, max(look_at - loop.time(), 0.0))
                await woken(self._wake, wait)
        finally:
            self.active = False

    def _look_is_stale(self) -> bool:
        return asyncio.get_running_loop().time() - self._looked_at > FRESH_LOOK_SECONDS

    async def _look_at_the_broker(self) -> None:
        assert self.watch is not None
        published_before = (await self.position()).global_position > 0
        try:  # a client of a broker that just restarted can wait out its whole request timeout (40 s)
            async with asyncio.timeout(LOOK_TIMEOUT_SECONDS):
                reason = await self.watch.forgotten(published_before=published_before)
        except TimeoutError:
            log.warning("relay.broker_look_timed_out", topic=self.publisher.topic, after_seconds=LOOK_TIMEOUT_SECONDS)
            await self.watch.reconnect()
            raise
        self._looked_at = asyncio.get_running_loop().time()
        if reason is None:
            return
        log.warning("relay.broker_forgot_the_topic", topic=self.publisher.topic, reason=reason)
        created = await self.watch.recreate_topics()
        await self.reset(START)
        self.watch.forget_baseline()
        self.republished_after_broker_loss += 1
        log.warning("relay.republishing_everything", topic=self.publisher.topic, recreated=created, events=await self.store.count_after(START))

    def on_notify(self, *_: object) -> None:
        self._wake.set()
