"""Topics are created explicitly with the partition count we mean (a broker's auto-create picks its own),
and watched: a broker that lost them (the embedded one keeps everything in memory) is noticed."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError
from aiokafka.structs import RecordMetadata

from allianties_shared.messaging.connection import aiokafka_options
from allianties_shared.settings import KafkaSettings

UNKNOWN_TOPIC = 3


async def ensure_topics(settings: KafkaSettings, names: list[str]) -> list[str]:
    """Create the topics that do not exist yet; return those created."""
    admin = AIOKafkaAdminClient(**aiokafka_options(settings))
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [n for n in dict.fromkeys(names) if n not in existing]
        if missing:
            with contextlib.suppress(TopicAlreadyExistsError):  # another instance was quicker
                await admin.create_topics(
                    [NewTopic(n, num_partitions=settings.partitions, replication_factor=settings.replication_factor) for n in missing]
                )
        return missing
    finally:
        await admin.close()


class TopicWatch:
    """Tells whether the broker forgot a topic since the last look: a broker restarted without its data.

    The topic is forgotten when it is missing, when every partition is empty though the relay published
    to it, when a partition's end offset went down, when a partition we published to since the last
    reset shows no record at all, or when the
    broker acknowledged a record at an offset not above one it acknowledged before on that partition
    (offsets only grow in a topic that lives). End offsets alone would not do: the embedded broker's
    high-water mark can stop short of the last records of a batch. Partitions added by an operator are
    no sign: the partitions both looks know are compared. (A client asking for a missing topic's
    metadata may make the broker create it with its own default partition count before we do: then
    the offsets that went down tell.)
    """

    def __init__(self, settings: KafkaSettings, topic: str, recreate: list[str]) -> None:
        self.settings = settings
        self.topic = topic
        self.recreate = recreate
        """The topics to create again when the broker forgot ``topic``: every topic the service uses."""
        self._admin: AIOKafkaAdminClient | None = None
        self._offsets: AIOKafkaConsumer | None = None
        self._ends: dict[int, int] | None = None
        self._acknowledged: dict[int, int] = {}
        self._published_to: set[int] = set()
        self._regressed = False

    async def start(self) -> None:
        admin = AIOKafkaAdminClient(**aiokafka_options(self.settings))
        await admin.start()
        offsets = AIOKafkaConsumer(**aiokafka_options(self.settings), enable_auto_commit=False)  # no group: asks only
        try:
            await offsets.start()
        except BaseException:
            await admin.close()
            raise
        self._admin, self._offsets = admin, offsets

    async def stop(self) -> None:
        if self._offsets is not None:
            await self._offsets.stop()
        if self._admin is not None:
            await self._admin.close()

    async def reconnect(self) -> None:
        """Drop the clients after a look that did not come back (they may wait on a dead connection);
        the next look starts new ones."""
        with contextlib.suppress(Exception):  # noqa: BLE001 - the old clients are broken anyway
            async with asyncio.timeout(5):
                await self.stop()
        self._admin = self._offsets = None

    def acknowledged(self, records: Iterable[RecordMetadata]) -> None:
        """Note the offsets the broker acknowledged for our records."""
        for record in records:
            if record.offset <= self._acknowledged.get(record.partition, -1):
                self._regressed = True
            self._acknowledged[record.partition] = record.offset
            self._published_to.add(record.partition)

    @property
    def suspects(self) -> bool:
        """An acknowledged offset went down: look now rather than at the next regular look."""
        return self._regressed

    async def recreate_topics(self) -> list[str]:
        return await ensure_topics(self.settings, self.recreate)

    async def forgotten(self, *, published_before: bool) -> str | None:
        """Why the broker forgot the topic since the last look, or None; every look starts a new baseline.

        ``published_before``: the relay's checkpoint says events went out to this topic (a topic with
        every partition empty then was recreated: at a start, too, after the broker lost everything).
        """
        if self._admin is None or self._offsets is None:  # dropped by reconnect()
            await self.start()
        assert self._admin is not None and self._offsets is not None
        previous, regressed = self._ends, self._regressed
        self._regressed = False
        [described] = await self._admin.describe_topics([self.topic])
        if described["error_code"] == UNKNOWN_TOPIC:
            self._ends = None
            return "missing"
        partitions = sorted(p["partition"] for p in described["partitions"])
        ends = await self._offsets.end_offsets([TopicPartition(self.topic, p) for p in partitions])
        self._ends = {tp.partition: end for tp, end in ends.items()}
        if regressed:
            return "acknowledged offsets went down"
        if published_before and not any(self._ends.values()):
            return "every partition empty, though events were published to it"
        if any(self._ends.get(p, 0) < 1 for p in self._published_to):
            return "a partition we published to is empty"
        if previous is not None and any(self._ends[p] < previous[p] for p in partitions if p in previous):
            return "end offsets went down"
        return None

    def forget_baseline(self) -> None:
        """After the topic was recreated and republished: offsets start again from zero."""
        self._ends = None
        self._acknowledged.clear()
        self._published_to.clear()
        self._regressed = False
