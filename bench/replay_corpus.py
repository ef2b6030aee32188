"""The replay benchmark's corpus: the 2021 demo round as it went over the topics, copied with fresh ids.

``demo_round_2021.jsonl.gz`` holds every CloudEvent a fresh ``make run`` + ``make demo`` put on the
four topics (2,804 events: 15 alliances, a whole round and a grant year, and the notification
service's deliveries to two subscribers). A corpus of any size is that round played again and
again: copy *k* gets its own run tag in place of the demo's, fresh UUIDs, streams of its own and a
hash chain computed by the store's own chaining function. References between services stay
intact within a copy, so the audit's orphan check has real work. Re-record the template with
``python -m bench.replay_corpus`` against a running stack after a fresh ``make demo``.
"""

from __future__ import annotations

import asyncio
import gzip
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple
from uuid import UUID

import orjson

from allianties_infra.audit.reader import read_topics
from allianties_infra.audit.verification import distinct_events
from allianties_infra.audit.wire import WireEvent, from_wire
from allianties_infra.stack_config import SERVICE_PORTS
from allianties_shared.events.envelope import CloudEvent
from allianties_shared.events.recorded import GENESIS_HASH, EventMetadata, RecordedEvent
from allianties_shared.eventstore.ports import NewEvent, chain
from allianties_shared.settings import GEMEENTE_AMSTERDAM_OIN, KafkaSettings

TEMPLATE = Path(__file__).with_name("demo_round_2021.jsonl.gz")

# The demo names everything after its run tag, six hex digits ("bipoc-alliantie-0518de").
_RUN_TAG = re.compile(r"-([0-9a-f]{6})$")
# The first eight hex digits of a UUID: replaced by the copy number, the rest kept.
_UUID_HEAD = re.compile(r"[0-9a-f]{8}(?=-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})")


class CorpusEvent(NamedTuple):
    producer: str  # the service whose store and topic the event belongs to
    event: RecordedEvent


def load_template(path: Path = TEMPLATE) -> list[WireEvent]:
    """The recorded round in the order it happened (per stream, in version order)."""
    with gzip.open(path) as lines:
        read = [from_wire(path.name, 0, number, line) for number, line in enumerate(lines)]
    broken = [r for r in read if not isinstance(r, WireEvent)]
    if broken:
        raise ValueError(f"{path.name}: {len(broken)} unreadable records, the first: {broken[0].reason}")
    return sorted(read, key=lambda w: (w.event.recorded_at, w.producer, w.event.stream_id, w.event.version))


def run_tag(template: list[WireEvent]) -> str:
    tags = Counter(
        match.group(1)
        for w in template
        if w.event.name == "alliantie-geregistreerd" and (match := _RUN_TAG.search(w.event.data["alliantie_id"]))
    )
    if len(tags) != 1:
        raise ValueError(f"expected one demo run tag in the template, found {sorted(tags)}")
    return next(iter(tags))


def copies(template: list[WireEvent], total: int) -> Iterator[CorpusEvent]:
    """``total`` events: whole copies of the round, then the start of one more (a prefix in time,
    so every reference still points at an event that is there)."""
    tag = run_tag(template)
    texts = [
        orjson.dumps(
            {"id": str(w.event.event_id), "stream": w.event.stream_id, "data": w.event.data, "meta": list(w.event.metadata)}
        ).decode()
        for w in template
    ]
    produced = 0
    copy = 0
    while produced < total:
        copy_tag = f"{copy:06d}" if f"{copy:06d}" != tag else "999999"
        heads: dict[str, tuple[int, str]] = {}
        for wire, text in zip(template, texts, strict=True):
            if produced == total:
                return
            parts = orjson.loads(_UUID_HEAD.sub(f"{copy:08x}", text.replace(tag, copy_tag)))
            stream = parts["stream"] if tag in wire.event.stream_id else f"{parts['stream']}-{copy_tag}"
            version, prev_hash = heads.get(stream, (0, GENESIS_HASH))
            new = NewEvent(
                name=wire.event.name,
                schema_version=wire.event.schema_version,
                data=parts["data"],
                metadata=EventMetadata(*parts["meta"]),
                event_id=UUID(parts["id"]),
            )
            (event,) = chain(stream, wire.event.stream_type, version, prev_hash, [new], wire.event.recorded_at)
            heads[stream] = (event.version, event.hash)
            produced += 1
            yield CorpusEvent(wire.producer, event)
        copy += 1


async def record_template(kafka: KafkaSettings, path: Path = TEMPLATE) -> int:
    """Write what is on the topics now as the template (after a fresh ``make demo``)."""
    events, unreadable = await read_topics(kafka)
    if unreadable:
        raise ValueError(f"{len(unreadable)} unreadable records on the topics")
    unique = distinct_events(events)
    with gzip.open(path, "wb", compresslevel=9) as out:
        for wire in unique:
            out.write(_as_cloudevent_line(wire))
    return len(unique)


def _as_cloudevent_line(wire: WireEvent) -> bytes:
    base_url = f"http://127.0.0.1:{SERVICE_PORTS[wire.producer]}/schemas"  # as on the embedded stack
    envelope = CloudEvent.from_recorded(wire.event, oin=GEMEENTE_AMSTERDAM_OIN, service=wire.producer, schema_base_url=base_url)
    return envelope.to_bytes() + b"\n"


if __name__ == "__main__":
    print(f"{asyncio.run(record_template(KafkaSettings()))} events written to {TEMPLATE}")
