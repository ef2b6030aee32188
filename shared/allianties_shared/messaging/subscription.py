"""FastStream wiring of an idempotent consumer: explicit group id, acknowledged only after processing."""

from __future__ import annotations

from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from faststream.message import StreamMessage

from allianties_shared.messaging.consumer import IdempotentConsumer
from allianties_shared.messaging.dead_letter import FailedMessage
from allianties_shared.settings import KafkaSettings


async def raw_body(message: StreamMessage) -> bytes:
    """Keep the bytes: our consumer parses the CloudEvent itself, so bad JSON reaches the dead-letter topic."""
    return message.body


def subscribe(broker: KafkaBroker, consumer: IdempotentConsumer, topics: list[str], settings: KafkaSettings, listener=None):
    # NACK_ON_ERROR: the offset is committed only after our handler returns (processed, skipped as a
    # duplicate, or dead-lettered); if even the dead-letter publish fails the message is fetched again.
    subscriber = broker.subscriber(
        *topics,
        group_id=settings.group_id(consumer.group),
        ack_policy=AckPolicy.NACK_ON_ERROR,
        auto_offset_reset="earliest",
        session_timeout_ms=settings.session_timeout_ms,
        heartbeat_interval_ms=settings.heartbeat_interval_ms,
        fetch_max_wait_ms=settings.fetch_max_wait_ms,
        decoder=raw_body,
        title=f"{consumer.group}:{','.join(topics)}",
        listener=listener,
    )

    @subscriber
    async def on_event(body: bytes, message: KafkaMessage) -> None:
        record = message.raw_message
        await consumer.handle(
            FailedMessage(
                topic=record.topic,
                partition=record.partition,
                offset=record.offset,
                key=record.key,
                value=body,
                headers=tuple(record.headers or ()),
            )
        )

    return subscriber
