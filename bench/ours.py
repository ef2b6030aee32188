"""Our side: commands through ``Repository.execute`` on ``PostgresEventStore``, then ``read_all`` paging."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import ClassVar

import asyncpg

from allianties_shared.application import CommandContext, Repository
from allianties_shared.domain.actor import Actor
from allianties_shared.domain.aggregate import Aggregate
from allianties_shared.domain.events import DomainEvent
from allianties_shared.events.registry import EventRegistry
from allianties_shared.eventstore.migrations import migrate, shared_migrations
from allianties_shared.eventstore.ports import START, Position
from allianties_shared.eventstore.postgres import PostgresEventStore

Advance = Callable[[int], None]

registry = EventRegistry("bench")


@registry.register
class Ticked(DomainEvent):
    """The one event of the benchmark aggregate: the counter reached ``n``."""

    name = "bench-ticked"

    n: int


class Counter(Aggregate):
    stream_type: ClassVar[str] = "bench-counter"

    def __init__(self, id: str) -> None:
        super().__init__(id)
        self.count = 0

    def apply(self, event: DomainEvent) -> None:
        match event:
            case Ticked(n=n):
                self.count = n

    def tick(self) -> None:
        """The (trivial) decision: record the next count."""
        self._record(Ticked(n=self.count + 1))


def _noop(_: int) -> None:
    pass


async def _append_all(
    store: PostgresEventStore, aggregates: int, events_per_aggregate: int, concurrency: int, advance: Advance
) -> None:
    repository = Repository(registry)
    context = CommandContext(actor=Actor.system("bench"), correlation_id="bench")
    queue: asyncio.Queue[str] = asyncio.Queue()
    for i in range(aggregates):
        queue.put_nowait(f"counter-{i:06d}")

    async def worker() -> None:
        while True:
            try:
                stream_id = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            for _ in range(events_per_aggregate):  # one aggregate's commands run one after the other
                await repository.execute(store, Counter, stream_id, context, Counter.tick)
                advance(1)

    await asyncio.gather(*(worker() for _ in range(concurrency)))


async def _read_everything(store: PostgresEventStore, page_size: int) -> int:
    after, count = START, 0
    while True:
        page = await store.read_all(after=after, limit=page_size)
        if not page:
            return count
        count += len(page)
        after = Position.of(page[-1])


async def measure_ours_async(
    dsn: str,
    *,
    aggregates: int,
    events_per_aggregate: int,
    concurrency: int,
    page_size: int,
    read_repeats: int,
    append_progress: Advance = _noop,
    read_progress: Advance = _noop,
    pool_options: dict | None = None,
) -> dict[str, float | int]:
    """Append ``aggregates × events_per_aggregate`` events one command at a time, then page the log.

    The pool is asyncpg's default one (as the services use it), sized to ``concurrency``;
    ``pool_options`` is for diagnostics only.
    """
    pool = await asyncpg.create_pool(dsn, min_size=concurrency, max_size=concurrency, **(pool_options or {}))
    try:
        async with pool.acquire() as connection:
            await migrate(connection, shared_migrations())
        store = PostgresEventStore(pool)
        total = aggregates * events_per_aggregate

        started = time.perf_counter()
        await _append_all(store, aggregates, events_per_aggregate, concurrency, append_progress)
        append_seconds = time.perf_counter() - started

        result: dict[str, float | int] = {
            "events": total,
            "append_seconds": append_seconds,
            "append_events_per_s": total / append_seconds,
            "pool_size": concurrency,
        }
        if read_repeats:
            read_seconds, read_events = 0.0, 0
            for _ in range(read_repeats):
                started = time.perf_counter()
                count = await _read_everything(store, page_size)
                read_seconds += time.perf_counter() - started
                if count != total:
                    raise AssertionError(f"read {count} events from the global log, expected {total}")
                read_events += count
                read_progress(1)
            result |= {
                "read_seconds": read_seconds,
                "read_events": read_events,
                "read_events_per_s": read_events / read_seconds,
            }
        return result
    finally:
        await pool.close()


def measure_ours(dsn: str, **kwargs) -> dict[str, float | int]:
    return asyncio.run(measure_ours_async(dsn, **kwargs))
