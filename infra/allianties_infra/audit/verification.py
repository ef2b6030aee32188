"""What the audit checks, each check with what it found: hash chains, versions, duplicates, stores, orphans."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter
from uuid import UUID

from allianties_infra.audit.wire import Link, UnreadableRecord, WireEvent
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


def unique_links(links: Iterable[Link], check: Check) -> list[Link]:
    """One copy of each event id. At-least-once delivery may put an event on a topic twice (after a
    republish); identical copies (the same place in the same chain, the same hash over intact
    content) are noted, different content under one id is a failure."""
    seen: dict[str, Link] = {}
    for link in links:
        check.checked += 1
        first = seen.get(link.event_id)
        if first is None:
            seen[link.event_id] = link
        elif not (link.intact and first.intact and _same_place_and_hash(first, link)):
            check.failures.append(f"event {link.event_id} appears with different content ({link.place})")
        else:
            check.notes.append(f"event {link.event_id} delivered again at {link.place}")
    return list(seen.values())


def _same_place_and_hash(first: Link, again: Link) -> bool:
    """Two intact copies with the same producer, stream, version and hashes carry the same content."""
    return (first.producer, first.stream_id, first.version, first.prev_hash, first.hash) == (
        again.producer, again.stream_id, again.version, again.prev_hash, again.hash
    )


def distinct_events(events: Iterable[WireEvent]) -> list[WireEvent]:
    """The first copy of each event (for exports; the audit checks the copies)."""
    first: dict[UUID, WireEvent] = {}
    for wire in events:
        first.setdefault(wire.event.event_id, wire)
    return list(first.values())


def check_readable(unreadable: list[UnreadableRecord], records: int) -> Check:
    check = Check("every record on the topics is a readable event", checked=records)
    check.failures = [f"{u.topic}/{u.partition}@{u.offset}: {u.reason}" for u in unreadable]
    return check


def check_chains(links: list[Link]) -> Check:
    """Hash chain intact and versions contiguous, per stream. A stream's events share a partition
    (the record key is the stream id), so they arrive in version order; sorting each stream's own
    events still puts them right after a republish or a repartitioning."""
    check = Check("hash chains intact and stream versions contiguous")
    streams: dict[str, list[Link]] = {}
    for link in links:
        streams.setdefault(link.stream_id, []).append(link)
    ordered: list[Link] = []
    for stream in streams.values():
        stream.sort(key=_version)
        ordered += stream
    check.checked = len(ordered)
    problems = verify_chains(ordered, intact=_intact)  # a Link has what verify_chains reads of an event
    check.failures = [f"{p.stream_id} v{p.version}: {p.problem}" for p in problems]
    return check


_version = attrgetter("version")
_intact = attrgetter("intact")


def check_against_stores(links: list[Link], stores: dict[str, dict[str, tuple[int, str]]]) -> Check:
    """Every event on the topics equals (count and hash) its producer's store. The stores' heads are read
    first: each head must be on the topic with the same hash (with the chain check, so is everything
    before it); a topic may already hold events its store appended after that snapshot."""
    check = Check("topics equal the producing services' stores (count and hash)")
    on_topics: dict[str, dict[tuple[str, int], str]] = defaultdict(dict)
    for link in links:
        on_topics[link.producer][(link.stream_id, link.version)] = link.hash
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
