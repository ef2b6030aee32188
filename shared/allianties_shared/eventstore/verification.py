"""Hash-chain verification: every stream must run 1, 2, 3, ... and each hash must match its content."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from allianties_shared.events.recorded import GENESIS_HASH, RecordedEvent


@dataclass(frozen=True)
class ChainProblem:
    stream_id: str
    version: int
    problem: str


class Chained(Protocol):
    """What the chain check reads of an event (a ``RecordedEvent``, or a lighter record of one)."""

    @property
    def stream_id(self) -> str: ...
    @property
    def version(self) -> int: ...
    @property
    def prev_hash(self) -> str: ...
    @property
    def hash(self) -> str: ...


E = TypeVar("E", bound=Chained)


def verify_chains(events: Iterable[E], *, intact: Callable[[E], bool] = RecordedEvent.hash_matches) -> list[ChainProblem]:
    """Check events (any order across streams, stream order within each) and list every problem.
    ``intact`` tells whether an event's hash matches its content (a reader that checked that as it
    decoded passes its answer)."""
    heads: dict[str, tuple[int, str]] = {}
    problems: list[ChainProblem] = []
    for event in events:
        last_version, last_hash = heads.get(event.stream_id, (0, GENESIS_HASH))
        if event.version != last_version + 1:
            problems.append(ChainProblem(event.stream_id, event.version, f"version follows {last_version}"))
        if event.prev_hash != last_hash:
            problems.append(ChainProblem(event.stream_id, event.version, "previous hash does not match"))
        if not intact(event):
            problems.append(ChainProblem(event.stream_id, event.version, "content does not match its hash"))
        heads[event.stream_id] = (event.version, event.hash)
    return problems
