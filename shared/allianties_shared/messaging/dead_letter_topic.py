"""Reading a consumer group's dead-letter topic back: what is parked, why, how often it was tried, the original.

The topic is read without a consumer group, from the earliest offset, until it stays quiet: the
embedded broker's high-water mark can stop short of the last records of a batch, so its end offsets
alone would miss some. An entry is named by its place on the dead-letter topic (``<partition>-<offset>``);
``digest`` (SHA-256 of the record's value) tells it apart from a later record at the same place after
a broker that lost the topic refilled it from offset 0.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, TopicPartition

from allianties_shared.messaging.connection import aiokafka_options
from allianties_shared.messaging.dead_letter import FailedMessage
from allianties_shared.settings import KafkaSettings


@dataclass(frozen=True)
class ParkedMessage:
    id: str
    digest: str
    reason: str
    error: str
    attempts: int
    consumer_group: str
    failed_at: str
    original: FailedMessage

    def event(self) -> dict | None:
        """The original CloudEvent as JSON, or None when its bytes are not a JSON object."""
        try:
            decoded = json.loads(self.original.value)
        except ValueError:
            return None
        return decoded if isinstance(decoded, dict) else None

    def summary(self) -> dict:
        """What a list shows: the reason, the tries and where the original came from."""
        event = self.event() or {}
        return {
            "id": self.id,
            "reason": self.reason,
            "error": self.error,
            "attempts": self.attempts,
            "consumer_group": self.consumer_group,
            "failed_at": self.failed_at,
            "original": {
                "topic": self.original.topic,
                "partition": self.original.partition,
                "offset": self.original.offset,
                "key": self.original.key.decode(errors="replace") if self.original.key is not None else None,
                "event_id": event.get("id"),
                "type": event.get("type"),
                "subject": event.get("subject"),
            },
        }

    def detail(self) -> dict:
        """The summary and the original record itself: headers, bytes, and the CloudEvent decoded."""
        answer = self.summary()
        answer["original"] |= {
            "headers": {k: v.decode(errors="replace") for k, v in self.original.headers},
            "value_base64": base64.b64encode(self.original.value).decode(),
            "cloudevent": self.event(),
        }
        return answer


def parked_from(partition: int, offset: int, key: bytes | None, value: bytes) -> ParkedMessage | None:
    """One record of the dead-letter topic as ``DeadLetters.send`` wrote it; None for anything else."""
    try:
        body = json.loads(value)
        original = body["original"]
        message = FailedMessage(
            topic=original["topic"],
            partition=int(original["partition"]),
            offset=int(original["offset"]),
            key=key,  # the dead-letter record carries the original key byte for byte
            value=base64.b64decode(original["value_base64"], validate=True),
            headers=tuple((k, str(v).encode()) for k, v in (original.get("headers") or {}).items()),
        )
        return ParkedMessage(
            id=f"{partition}-{offset}",
            digest=hashlib.sha256(value).hexdigest(),
            reason=str(body["reason"]),
            error=str(body.get("error", "")),
            attempts=int(body.get("attempts", 0)),
            consumer_group=str(body.get("consumer_group", "")),
            failed_at=str(body.get("failed_at", "")),
            original=message,
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


async def read_parked(settings: KafkaSettings, topic: str, *, quiet_ms: int = 150, patience_s: float = 10.0) -> list[ParkedMessage]:
    """Every entry on ``topic`` now, oldest failure first; an empty list when the topic does not exist.

    Reads past the reported end offsets until a fetch of ``quiet_ms`` brings nothing; gives up waiting
    for records the end offsets promise after ``patience_s`` seconds of silence.
    """
    consumer = AIOKafkaConsumer(
        **aiokafka_options(settings),
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        fetch_max_wait_ms=settings.fetch_max_wait_ms,
    )
    try:
        await consumer.start()
        if topic not in await consumer.topics():
            return []
        partitions = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        parked: list[ParkedMessage] = []
        deadline = asyncio.get_running_loop().time() + patience_s
        while True:
            fetched = await consumer.getmany(*partitions, timeout_ms=quiet_ms)
            for records in fetched.values():
                parked += [p for r in records if (p := parked_from(r.partition, r.offset, r.key, r.value or b"")) is not None]
            if fetched:
                deadline = asyncio.get_running_loop().time() + patience_s
                continue
            short = [tp for tp in partitions if await consumer.position(tp) < ends[tp]]
            if not short or asyncio.get_running_loop().time() > deadline:
                break
    finally:
        await consumer.stop()
    return sorted(parked, key=lambda p: (p.failed_at, p.id))
