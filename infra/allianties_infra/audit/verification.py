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


def check_against_stores(events: list[WireEvent], stores: dict[str, dict[str, tuple[int, str]]]) -> Check:
    """Every event on the topics equals (count and hash) its producer's store. The stores' heads are read
    first: each head must be on the topic with the same hash (with the chain check, so is everything
    before it); a topic may already hold events its store appended after that snapshot."""
    check = Check("topics equal the producing services' stores (count and hash)")
    on_topics: dict[str, dict[tuple[str, int], str]] = defaultdict(dict)
    for wire in events:
        on_topics[wire.producer][(wire.event.stream_id, wire.event.version)] = wire.event.hash
    for service, store_heads in stores.items():
        topic = on_topics.get(service, {})
        check.checked += sum(version for version, _ in store_heads.values())
        for stream, (version, digest) in store_heads.items():
            seen = topic.get((stream, version))
            if seen is None:
                check.failures.append(f"{service}: stream {stream} ({version} events) is not on the topic")
            elif seen != digest:
                check.failures.append(f"{service}: stream {stream} v{version} differs between the topic and the store")
        for stream in {s for s, _ in topic} - store_heads.keys():
            check.failures.append(f"{service}: stream {stream} is on the topic but not in the store")
    return check
