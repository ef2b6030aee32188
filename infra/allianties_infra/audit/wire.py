"""From a Kafka record back to the event its producer stored, without trusting anything but the bytes."""

from __future__ import annotations

import re
from datetime import datetime
from typing import NamedTuple
from uuid import UUID

import orjson

from allianties_shared.events.recorded import EventMetadata, RecordedEvent, fast_hash_matches, hashed_content
from allianties_shared.events.registry import EventRegistry


class WireEvent(NamedTuple):
    producer: str
    topic: str
    partition: int
    offset: int
    event: RecordedEvent
    intact: bool  # the event's hash is the hash of its content (its place in the chain is checked apart)


class Link(NamedTuple):
    """What the checks need of one event on a topic: far smaller than the event, so a replay of
    millions keeps only these."""

    event_id: str  # as str(UUID)
    stream_id: str
    version: int
    prev_hash: str
    hash: str
    intact: bool  # the hash matches the content
    producer: str
    place: str  # topic/partition@offset

    @classmethod
    def of(cls, wire: WireEvent) -> Link:
        event = wire.event
        place = f"{wire.topic}/{wire.partition}@{wire.offset}"
        return cls(str(event.event_id), event.stream_id, event.version, event.prev_hash, event.hash, wire.intact, wire.producer, place)


class UnreadableRecord(NamedTuple):
    topic: str
    partition: int
    offset: int
    reason: str


def from_wire(topic: str, partition: int, offset: int, value: bytes) -> WireEvent | UnreadableRecord:
    """Decode one record, and check that its hash is the hash of its content."""
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
            metadata=_metadata(ce),
            recorded_at=datetime.fromisoformat(ce["time"]),
            prev_hash=ce["prevhash"],
            hash=ce["eventhash"],
        )
        return WireEvent(_producer(ce), topic, partition, offset, event, event.hash_matches())
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError, LookupError, AttributeError) as error:
        return UnreadableRecord(topic, partition, offset, f"{type(error).__name__}: {error}")



class QuickRead(NamedTuple):
    """What the audit's checks need of a record, read straight from its text."""

    link: Link
    name: str
    data: dict


_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def quick_read(topic: str, partition: int, offset: int, value: bytes) -> QuickRead | None:
    """The checks' facts of a record at half the cost of ``from_wire``: the hash is computed over
    the CloudEvent's own text forms, which are the stored forms for every record our services
    publish. ``None`` when that does not confirm the hash (or anything is unusual): then the full
    decode decides, so a quick read never judges a record differently."""
    try:
        ce = orjson.loads(value)
        event_id: str = ce["id"]
        moment: str = ce["time"]
        if not (_CANONICAL_UUID.fullmatch(event_id) and moment.endswith("Z")):
            return None
        datetime.fromisoformat(moment)  # readable, as from_wire demands
        name, version = EventRegistry.parse_cloudevent_type(ce["type"])
        sequence = int(ce["sequence"])
        content = hashed_content(
            event_id, ce["subject"], sequence, name, version, ce["data"], _metadata(ce).as_dict(), moment[:-1] + "+00:00"
        )
        ce["streamtype"]  # present, as from_wire demands
        if not fast_hash_matches(ce["prevhash"], content, ce["eventhash"]):
            return None
        place = f"{topic}/{partition}@{offset}"
        link = Link(event_id, ce["subject"], sequence, ce["prevhash"], ce["eventhash"], True, _producer(ce), place)
        return QuickRead(link, name, ce["data"])
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError, LookupError, AttributeError):
        return None


def _metadata(ce: dict) -> EventMetadata:
    return EventMetadata(
        correlation_id=ce["correlationid"],
        actor_id=ce["actorid"],
        actor_role=ce["actorrole"],
        causation_id=ce.get("causationid"),
        traceparent=ce.get("traceparent"),
        tracestate=ce.get("tracestate"),
    )


def _producer(ce: dict) -> str:
    return ce["source"].rsplit(":", 1)[-1]  # urn:nld:oin:<OIN>:systeem:<service>
