"""From a Kafka record back to the event its producer stored, without trusting anything but the bytes."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple
from uuid import UUID

import orjson

from allianties_shared.events.recorded import EventMetadata, RecordedEvent
from allianties_shared.events.registry import EventRegistry


class WireEvent(NamedTuple):
    producer: str
    topic: str
    partition: int
    offset: int
    event: RecordedEvent


class UnreadableRecord(NamedTuple):
    topic: str
    partition: int
    offset: int
    reason: str


def from_wire(topic: str, partition: int, offset: int, value: bytes) -> WireEvent | UnreadableRecord:
    try:
        ce = orjson.loads(value)
        name, version = EventRegistry.parse_cloudevent_type(ce["type"])
        event = RecordedEvent(
            event_id=UUID(ce["id"]),
            stream_id=ce["subject"],
            stream_type=ce["streamtype"],
            version=int(ce["sequence"]),
            name=name,
            schema_version=version,
            data=ce["data"],
            metadata=EventMetadata(
                correlation_id=ce["correlationid"],
                actor_id=ce["actorid"],
                actor_role=ce["actorrole"],
                causation_id=ce.get("causationid"),
            ),
            recorded_at=datetime.fromisoformat(ce["time"]),
            prev_hash=ce["prevhash"],
            hash=ce["eventhash"],
        )
        return WireEvent(ce["source"].rsplit(":", 1)[-1], topic, partition, offset, event)
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError, LookupError) as error:
        return UnreadableRecord(topic, partition, offset, f"{type(error).__name__}: {error}")
