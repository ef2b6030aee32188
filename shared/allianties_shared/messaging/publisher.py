"""Publishing recorded events as CloudEvents: key = stream id, structured mode."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from aiokafka import AIOKafkaProducer
from aiokafka.structs import RecordMetadata

from allianties_shared.events.envelope import CloudEvent, kafka_headers
from allianties_shared.events.recorded import RecordedEvent
from allianties_shared.messaging.connection import aiokafka_options
from allianties_shared.settings import KafkaSettings
from allianties_shared.tracing import end_spans, publish_spans


def new_producer(settings: KafkaSettings) -> AIOKafkaProducer:
    # No idempotent producer and no transactions: the embedded broker has neither, and
    # at-least-once delivery plus idempotent consumers is the contract anyway.
    return AIOKafkaProducer(
        **aiokafka_options(settings),
        acks="all",
        enable_idempotence=False,
        linger_ms=2,
        max_batch_size=256 * 1024,  # a relay batch in few record batches: less work per event for broker and readers
        request_timeout_ms=10_000,
    )


class EventPublisher:
    """Sends a batch in order and returns only when the broker has confirmed every message."""

    def __init__(self, producer: AIOKafkaProducer, topic: str, *, oin: str, service: str, schema_base_url: str) -> None:
        self.producer = producer
        self.topic = topic
        self._oin = oin
        self._service = service
        self._schema_base_url = schema_base_url

    def envelope(self, event: RecordedEvent) -> CloudEvent:
        return CloudEvent.from_recorded(event, oin=self._oin, service=self._service, schema_base_url=self._schema_base_url)

    async def publish(self, events: Sequence[RecordedEvent]) -> list[RecordMetadata]:
        """Where the broker put each event (partition, offset), in the order given."""
        spans = publish_spans(events, self.topic)  # none when tracing is off
        try:
            sends = [
                await self.producer.send(
                    self.topic,
                    key=event.stream_id.encode(),
                    value=self.envelope(event).to_bytes(),
                    headers=kafka_headers(),
                )
                for event in events
            ]
            placed = list(await asyncio.gather(*sends))
        except BaseException as error:
            end_spans(spans, error)
            raise
        end_spans(spans)
        return placed
