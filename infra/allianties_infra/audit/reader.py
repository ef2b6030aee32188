"""Reads every record of the four topics from the beginning to their current end."""

from __future__ import annotations

from collections.abc import Callable

from aiokafka import AIOKafkaConsumer, TopicPartition

from allianties_infra.audit.wire import UnreadableRecord, WireEvent, from_wire
from allianties_shared.messaging.connection import aiokafka_options
from allianties_shared.settings import KafkaSettings

SERVICES = ("aanvraag", "toekenning", "verantwoording", "notificatie")


async def read_topics(
    kafka: KafkaSettings, *, services: tuple[str, ...] = SERVICES, progress: Callable[[int, int], None] | None = None
) -> tuple[list[WireEvent], list[UnreadableRecord]]:
    """Everything on the topics now, in topic/partition/offset order; ``progress(done, total)`` as it goes."""
    consumer = AIOKafkaConsumer(
        **aiokafka_options(kafka),
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        fetch_max_bytes=64 * 1024 * 1024,
    )
    await consumer.start()
    try:
        existing = await consumer.topics()  # also loads the metadata partitions_for_topic reads
        topics = [kafka.topic(s) for s in services if kafka.topic(s) in existing]
        partitions = [TopicPartition(topic, p) for topic in topics for p in sorted(consumer.partitions_for_topic(topic) or ())]
        events: list[WireEvent] = []
        unreadable: list[UnreadableRecord] = []
        if not partitions:
            return events, unreadable
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        starts = await consumer.beginning_offsets(partitions)
        ends = await consumer.end_offsets(partitions)
        total = sum(ends.values()) - sum(starts.values())

        def take(batches: dict) -> int:
            taken = 0
            for records in batches.values():
                for record in records:
                    read = from_wire(record.topic, record.partition, record.offset, record.value)
                    (events if isinstance(read, WireEvent) else unreadable).append(read)
                    taken += 1
            if progress:
                progress(len(events) + len(unreadable), max(total, len(events) + len(unreadable)))
            return taken

        while pending := [tp for tp in partitions if await consumer.position(tp) < ends[tp]]:
            take(await consumer.getmany(*pending, timeout_ms=1000, max_records=10_000))
        # The embedded broker can report a high-water mark that stops short of the last records of a
        # multi-record batch: keep fetching until the partitions stay quiet.
        while take(await consumer.getmany(*partitions, timeout_ms=300, max_records=10_000)):
            pass
        return events, unreadable
    finally:
        await consumer.stop()
