"""Reads every record of the four topics from the beginning to their current end."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import AsyncIterator, Callable, Iterator

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition

from allianties_infra.audit.wire import UnreadableRecord, WireEvent, from_wire
from allianties_shared.messaging.connection import aiokafka_options
from allianties_shared.settings import KafkaSettings

SERVICES = ("aanvraag", "toekenning", "verantwoording", "notificatie")
Progress = Callable[[int, int], None]


@contextlib.contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """A replay builds millions of small objects that never form cycles; while they pile up, the
    cyclic collector walks all of them again and again (a third of the replay's time). Reference
    counting frees them as always; the collector resumes afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextlib.asynccontextmanager
async def topic_records(
    kafka: KafkaSettings, services: tuple[str, ...] = SERVICES
) -> AsyncIterator[tuple[int, AsyncIterator[list[ConsumerRecord]]]]:
    """``(records on the topics now, their batches)``: every record, batch by batch, each batch from
    one partition in offset order."""
    consumer = AIOKafkaConsumer(
        **aiokafka_options(kafka),
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        fetch_max_bytes=64 * 1024 * 1024,
        max_partition_fetch_bytes=8 * 1024 * 1024,
    )
    await consumer.start()
    try:
        existing = await consumer.topics()  # also loads the metadata partitions_for_topic reads
        topics = [kafka.topic(s) for s in services if kafka.topic(s) in existing]
        partitions = [TopicPartition(topic, p) for topic in topics for p in sorted(consumer.partitions_for_topic(topic) or ())]
        if not partitions:
            yield 0, _nothing()
            return
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        starts = await consumer.beginning_offsets(partitions)
        ends = await consumer.end_offsets(partitions)

        async def batches() -> AsyncIterator[list[ConsumerRecord]]:
            while any([await consumer.position(tp) < ends[tp] for tp in partitions]):
                for records in (await consumer.getmany(*partitions, timeout_ms=1000)).values():
                    yield records
            # The embedded broker can report a high-water mark that stops short of the last records of a
            # multi-record batch: fetch until the partitions stay quiet.
            while fetched := await consumer.getmany(*partitions, timeout_ms=200):
                for records in fetched.values():
                    yield records

        yield sum(ends.values()) - sum(starts.values()), batches()
    finally:
        await consumer.stop()


async def _nothing() -> AsyncIterator[list[ConsumerRecord]]:
    return
    yield


async def read_topics(
    kafka: KafkaSettings, *, services: tuple[str, ...] = SERVICES, progress: Progress | None = None
) -> tuple[list[WireEvent], list[UnreadableRecord]]:
    """Everything on the topics now, decoded, in topic/partition/offset order; ``progress(done, total)`` as it goes."""
    events: list[WireEvent] = []
    unreadable: list[UnreadableRecord] = []
    with cyclic_gc_paused():
        async with topic_records(kafka, services) as (total, batches):
            async for records in batches:
                for record in records:
                    read = from_wire(record.topic, record.partition, record.offset, record.value)
                    (events if isinstance(read, WireEvent) else unreadable).append(read)
                if progress:
                    progress(len(events) + len(unreadable), max(total, len(events) + len(unreadable)))
    return events, unreadable
