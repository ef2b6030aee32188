"""An event as the store holds it: payload plus position, stream version, actor and hash chain."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any, NamedTuple
from uuid import UUID

import orjson

GENESIS_HASH = "0" * 64


class EventMetadata(NamedTuple):
    """Context recorded with every event. No personal data: ids and roles only."""

    correlation_id: str
    actor_id: str
    actor_role: str
    causation_id: str | None = None
    traceparent: str | None = None  # W3C trace context of the span that caused the event, when traced
    tracestate: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        """The stored and hashed form; the trace keys only when set, so an event from before traces
        keeps the hash it was stored with."""
        stored: dict[str, str | None] = {
            "correlation_id": self.correlation_id,
            "causation_id": self.causation_id,
            "actor_id": self.actor_id,
            "actor_role": self.actor_role,
        }
        if self.traceparent is not None:
            stored["traceparent"] = self.traceparent
            if self.tracestate is not None:
                stored["tracestate"] = self.tracestate
        return stored


class RecordedEvent(NamedTuple):
    """An event as stored: an immutable record, cheap to build because the log is read millions of
    times; every field comes from the store's own checked columns or from code that built it from
    a validated model. Positions are filled in by the store (``_replace``)."""

    event_id: UUID
    stream_id: str
    stream_type: str
    version: int
    name: str
    schema_version: int
    data: dict[str, Any]
    metadata: EventMetadata
    recorded_at: datetime
    global_position: int = 0
    transaction_id: int = 0
    prev_hash: str = GENESIS_HASH
    hash: str = GENESIS_HASH

    def expected_hash(self) -> str:
        return chain_hash(
            prev_hash=self.prev_hash,
            event_id=self.event_id,
            stream_id=self.stream_id,
            version=self.version,
            name=self.name,
            schema_version=self.schema_version,
            data=self.data,
            metadata=self.metadata,
            recorded_at=self.recorded_at,
        )

    def hash_matches(self) -> bool:
        """Whether ``hash`` is the chain hash of this content: what verification asks of every event."""
        content = hashed_content(
            str(self.event_id),
            self.stream_id,
            self.version,
            self.name,
            self.schema_version,
            self.data,
            self.metadata.as_dict(),
            self.recorded_at.isoformat(),
        )
        return fast_hash_matches(self.prev_hash, content, self.hash) or self.expected_hash() == self.hash


def canonical_json(value: Any) -> str:
    """The form the chain hash is defined over: sorted keys, no spaces, UTF-8, anything else as ``str``."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def hashed_content(
    event_id: str,
    stream_id: str,
    version: int,
    name: str,
    schema_version: int,
    data: dict[str, Any],
    metadata: dict[str, str | None],
    recorded_at: str,
) -> dict[str, Any]:
    """What the chain hash covers, in its text form: the id as ``str(UUID)``, the moment as ``isoformat()``."""
    return {
        "event_id": event_id,
        "stream_id": stream_id,
        "version": version,
        "name": name,
        "schema_version": schema_version,
        "data": data,
        "metadata": metadata,
        "recorded_at": recorded_at,
    }


def fast_hash_matches(prev_hash: str, content: dict[str, Any], digest: str) -> bool:
    """The quick way to confirm a hash: orjson's sorted compact form is byte for byte
    ``canonical_json`` for the JSON values events hold, at a twentieth of the cost. Where the two
    forms may differ (a float in exponent notation, a value outside JSON) this says no and the
    defining form must decide; a yes is SHA-256 of this content, so nothing false passes."""
    try:
        body = orjson.dumps(content, option=orjson.OPT_SORT_KEYS)
    except orjson.JSONEncodeError:
        return False
    return hashlib.sha256(prev_hash.encode() + body).hexdigest() == digest


def chain_hash(
    *,
    prev_hash: str,
    event_id: UUID,
    stream_id: str,
    version: int,
    name: str,
    schema_version: int,
    data: dict[str, Any],
    metadata: EventMetadata,
    recorded_at: datetime,
) -> str:
    """SHA-256 over the previous hash and everything that makes the event what it is."""
    content = hashed_content(
        str(event_id), stream_id, version, name, schema_version, data, metadata.as_dict(), recorded_at.isoformat()
    )
    body = canonical_json(content)
    return hashlib.sha256((prev_hash + body).encode()).hexdigest()
