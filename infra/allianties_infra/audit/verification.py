"""What the audit checks, each check with what it found: hash chains, versions, duplicates, stores, orphans."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from allianties_infra.audit.wire import UnreadableRecord, WireEvent
from allianties_shared.eventstore.verification import verify_chains


@dataclass
class Check:
    name: str
    checked: int = 0
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def unique_events(events: list[WireEvent], check: Check) -> list[WireEvent]:
    """One copy of each event id. At-least-once delivery may put an event on a topic twice (after a
    republish); identical copies are noted, different content under one id is a failure."""
    seen: dict[object, WireEvent] = {}
    for wire in events:
        check.checked += 1
        first = seen.get(wire.event.event_id)
        if first is None:
            seen[wire.event.event_id] = wire
        elif first.event != wire.event or first.event.expected_hash() != wire.event.expected_hash():
            check.failures.append(f"event {wire.event.event_id} appears with different content ({wire.topic}@{wire.offset})")
        else:
            check.notes.append(f"event {wire.event.event_id} delivered again at {wire.topic}/{wire.partition}@{wire.offset}")
    return list(seen.values())


def check_readable(unreadable: list[UnreadableRecord], records: int) -> Check:
    check = Check("every record on the topics is a readable event", checked=records)
    check.failures = [f"{u.topic}/{u.partition}@{u.offset}: {u.reason}" for u in unreadable]
    return check


def check_chains(events: list[WireEvent]) -> Check:
    """Hash chain intact and versions contiguous, per stream (streams are ordered by version first)."""
    check = Check("hash chains intact and stream versions contiguous")
    ordered = sorted((w.event for w in events), key=lambda e: (e.stream_id, e.version))
    check.checked = len(ordered)
    check.failures = [f"{p.stream_id} v{p.version}: {p.problem}" for p in verify_chains(ordered)]
    return check


def stream_heads(events: list[WireEvent]) -> dict[str, dict[str, tuple[int, str]]]:
    """Per producing service: stream id -> (last version, its hash), as the topics show them."""
    heads: dict[str, dict[str, tuple[int, str]]] = defaultdict(dict)
    for wire in events:
        current = heads[wire.producer].get(wire.event.stream_id)
        if current is None or wire.event.version > current[0]:
            heads[wire.producer][wire.event.stream_id] = (wire.event.version, wire.event.hash)
    return heads


def check_against_stores(events: list[WireEvent], stores: dict[str, dict[str, tuple[int, str]]]) -> Check:
    """Every event on the topics equals (count and hash) its producer's store: the heads of the chains match."""
    check = Check("topics equal the producing services' stores (count and hash)")
    on_topics = stream_heads(events)
    for service, store_heads in stores.items():
        topic_heads = on_topics.get(service, {})
        check.checked += sum(version for version, _ in store_heads.values())
        for stream, (version, digest) in store_heads.items():
            seen = topic_heads.get(stream)
            if seen is None:
                check.failures.append(f"{service}: stream {stream} ({version} events) is not on the topic")
            elif seen != (version, digest):
                check.failures.append(f"{service}: stream {stream} is at v{seen[0]} on the topic, v{version} in the store, or differs")
        for stream in topic_heads.keys() - store_heads.keys():
            check.failures.append(f"{service}: stream {stream} is on the topic but not in the store")
    return check
