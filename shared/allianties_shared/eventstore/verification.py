"""Hash-chain verification: every stream must run 1, 2, 3, ... and each hash must match its content."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from allianties_shared.events.recorded import GENESIS_HASH, RecordedEvent


@dataclass(frozen=True)
class ChainProblem:
    stream_id: str
    version: int
    problem: str


def verify_chains(events: Iterable[RecordedEvent]) -> list[ChainProblem]:
    """Check events (any order across streams, stream order within each) and list every problem."""
    heads: dict[str, tuple[int, str]] = {}
    problems: list[ChainProblem] = []
    for event in events:
        last_version, last_hash = heads.get(event.stream_id, (0, GENESIS_HASH))
        if event.version != last_version + 1:
            problems.append(ChainProblem(event.stream_id, event.version, f"version follows {last_version}"))
        if event.prev_hash != last_hash:
            problems.append(ChainProblem(event.stream_id, event.version, "previous hash does not match"))
        if event.hash != event.expected_hash():
            problems.append(ChainProblem(event.stream_id, event.version, "content does not match its hash"))
        heads[event.stream_id] = (event.version, event.hash)
    return problems
