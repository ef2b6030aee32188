"""The dead-letter topic: a message we cannot process, with the reason and the original, byte for byte."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from aiokafka import AIOKafkaProducer


@dataclass(frozen=True)
class FailedMessage:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes
    headers: tuple[tuple[str, bytes], ...]


class DeadLetters:
    def __init__(self, producer: AIOKafkaProducer, topic: str, consumer_group: str) -> None:
        self.producer = producer
        self.topic = topic
        self.consumer_group = consumer_group

    async def send(self, message: FailedMessage, *, reason: str, error: str, attempts: int) -> None:
        body = {
            "reason": reason,
            "error": error,
            "attempts": attempts,
            "consumer_group": self.consumer_group,
            "failed_at": datetime.now(UTC).isoformat(),
            "original": {
                "topic": message.topic,
                "partition": message.partition,
                "offset": message.offset,
                "key": message.key.decode(errors="replace") if message.key is not None else None,
                "headers": {k: v.decode(errors="replace") for k, v in message.headers},
                "value_base64": base64.b64encode(message.value).decode(),
            },
        }
        await self.producer.send_and_wait(
            self.topic,
            key=message.key,
            value=json.dumps(body).encode(),
            headers=[
                ("content-type", b"application/json"),
                ("dlq-reason", reason.encode()),
                ("dlq-original-topic", message.topic.encode()),
            ],
        )
