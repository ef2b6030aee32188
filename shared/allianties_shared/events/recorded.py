"""An event as the store holds it: payload plus position, stream version, actor and hash chain."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any, NamedTuple
from uuid import UUID

GENESIS_HASH = "0" * 64


class EventMetadata(NamedTuple):
    """Context recorded with every event. No personal data: ids and roles only."""

    correlation_id: str
    actor_id: str
    actor_role: str
    causation_id: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {
            "correlation_id": self.correlation_id,
            "causation_id": self.causation_id,
            "actor_id": self.actor_id,
            "actor_role": self.actor_role,
        }


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


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


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
    body = canonical_json(
        {
            "event_id": str(event_id),
            "stream_id": stream_id,
            "version": version,
            "name": name,
            "schema_version": schema_version,
            "data": data,
            "metadata": metadata.as_dict(),
            "recorded_at": recorded_at.isoformat(),
        }
    )
    return hashlib.sha256((prev_hash + body).encode()).hexdigest()
