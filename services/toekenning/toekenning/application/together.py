"""Run one command against several aggregates in one transaction, retried on a concurrent write."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from allianties_shared.application import CommandContext
from allianties_shared.domain import Aggregate, ConcurrencyError
from allianties_shared.eventstore.ports import StoreTransaction
from toekenning.application.ports import Dependencies

A = TypeVar("A", bound=Aggregate)
T = TypeVar("T")


class Loader:
    def __init__(self, tx: StoreTransaction, deps: Dependencies) -> None:
        self.tx, self.deps = tx, deps
        self.loaded: list[Aggregate] = []

    async def load(self, cls: type[A], stream_id: str) -> A:
        aggregate = await self.deps.repository.load(self.tx, cls, stream_id)
        self.loaded.append(aggregate)
        return aggregate


async def execute_together(
    deps: Dependencies, context: CommandContext, decide: Callable[[Loader], Awaitable[T]], *, attempts: int = 5
) -> T:
    """Load what ``decide`` asks for, let it check and record, append every change or none.

    Every stream's expected version is checked, so of two concurrent commands on the same stream
    one starts over on a fresh load (and then usually meets the rule the other one satisfied).
    """
    for attempt in range(1, attempts + 1):
        try:
            async with deps.store.transaction() as tx:
                loader = Loader(tx, deps)
                result = await decide(loader)
                for aggregate in loader.loaded:
                    await deps.repository.save(tx, aggregate, context)
            return result
        except ConcurrencyError:
            if attempt == attempts:
                raise
    raise AssertionError("unreachable")
