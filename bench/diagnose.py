"""``python -m bench.diagnose``: where the time goes in our command path and in ``read_all``.

Not part of ``make bench``; it backs the findings reported with the benchmark. It peeks at the
store's private SQL (``_READ_ALL``) to separate the query from the decoding of its rows.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

import asyncpg
from rich.console import Console

from allianties_infra.embedded import EmbeddedPostgres, free_port
from allianties_shared.application import CommandContext, Repository
from allianties_shared.domain.actor import Actor
from allianties_shared.eventstore.migrations import migrate, shared_migrations
from allianties_shared.eventstore.ports import START, Position
from allianties_shared.eventstore.postgres import _READ_ALL, PostgresEventStore, row_to_event
from bench.ours import Counter, measure_ours_async, registry

console = Console()
# ORDER BY transaction_id resolves to the output alias `transaction_id::text::bigint`, not the column.
QUALIFIED = _READ_ALL.replace(
    "ORDER BY transaction_id, global_position", "ORDER BY events.transaction_id, events.global_position"
)


async def round_trips(dsn: str) -> None:
    pool = await asyncpg.create_pool(dsn, min_size=1, max_size=1)
    try:
        async with pool.acquire() as connection:
            await migrate(connection, shared_migrations())
            sent: list[str] = []
            connection.add_query_logger(lambda record: sent.append(" ".join(record.query.split())[:70]))
        store, repository = PostgresEventStore(pool), Repository(registry)
        context = CommandContext(actor=Actor.system("bench"), correlation_id="diagnose")
        await repository.execute(store, Counter, "rt", context, Counter.tick)
        sent.clear()
        await repository.execute(store, Counter, "rt", context, Counter.tick)
        console.print(f"[bold]Round trips for one command[/] (2nd command on a stream): {len(sent)}")
        for query in sent:
            console.print(f"  {query}")
    finally:
        await pool.close()


async def _no_reset(connection: asyncpg.Connection) -> None:
    """Skip the pool's per-release reset query (``SELECT pg_advisory_unlock_all(); CLOSE ALL; ...``)."""


async def bare_round_trips(dsn: str) -> None:
    connection = await asyncpg.connect(dsn)
    try:
        started, n = time.perf_counter(), 2000
        for _ in range(n):
            await connection.fetchval("SELECT 1")
        console.print(
            f"[bold]One bare round trip[/] (SELECT 1, one connection): {(time.perf_counter() - started) / n * 1e6:.0f} µs"
        )
    finally:
        await connection.close()


async def append_sweep(server: EmbeddedPostgres) -> None:
    console.print("[bold]Append throughput and client CPU by concurrency[/] (300 aggregates × 10 events)")
    runs = [(c, "", None) for c in (1, 2, 4, 8, 16, 32)] + [
        (c, ", no pool reset", {"reset": _no_reset}) for c in (4, 16)
    ]
    for concurrency, label, options in runs:
        name = f"sweep_{concurrency}_{len(label)}"
        server.create_database(name)
        cpu, wall = time.process_time(), time.perf_counter()
        result = await measure_ours_async(
            server.dsn(name),
            aggregates=300,
            events_per_aggregate=10,
            concurrency=concurrency,
            page_size=1000,
            read_repeats=0,
            pool_options=options,
        )
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        console.print(
            f"  concurrency {concurrency:>2}{label}: {result['append_events_per_s']:>7,.0f} events/s, "
            f"client CPU {cpu / result['events'] * 1e6:,.0f} µs/command ({cpu / wall:.0%} of one core)"
        )


async def reads(dsn: str) -> None:
    pool = await asyncpg.create_pool(dsn, min_size=1, max_size=1)
    try:
        total = await pool.fetchval("SELECT count(*) FROM events")

        async def pages(query: str, decode: bool) -> float:
            started, after = time.perf_counter(), START
            while rows := await pool.fetch(query, str(after.transaction_id), after.global_position, 1000):
                if decode:
                    [row_to_event(r) for r in rows]
                after = Position(rows[-1]["transaction_id"], rows[-1]["global_position"])
            return total / (time.perf_counter() - started)

        console.print(f"[bold]Reading {total:,} events in pages of 1000[/] (best of 3 passes)")
        for label, query, decode in (
            ("read_all as it is (query + row_to_event)", _READ_ALL, True),
            ("its query only, rows not decoded", _READ_ALL, False),
            ("ORDER BY events.<columns> + row_to_event", QUALIFIED, True),
            ("ORDER BY events.<columns>, rows not decoded", QUALIFIED, False),
        ):
            best = max([await pages(query, decode) for _ in range(3)])
            console.print(f"  {label:<45} {best:>9,.0f} events/s")

        rows = await pool.fetch(_READ_ALL, "0", 0, total)
        started = time.perf_counter()
        for row in rows:
            row_to_event(row)
        console.print(f"  row_to_event alone: {(time.perf_counter() - started) / total * 1e6:.1f} µs/event")

        # asyncpg prepares statements; after a few runs PostgreSQL uses the generic plan, shown here.
        async with pool.acquire() as connection:
            await connection.execute("SET plan_cache_mode = force_generic_plan")  # undone by the pool's reset
            for n, (label, query) in enumerate((("as it is", _READ_ALL), ("qualified ORDER BY", QUALIFIED))):
                await connection.execute(f"PREPARE diagnose_{n}(text, bigint, int) AS " + query)
                plan = [r[0] for r in await connection.fetch(f"EXPLAIN (COSTS OFF) EXECUTE diagnose_{n}('0', 0, 1000)")]
                steps = [
                    line.strip().removeprefix("->  ") for line in plan if "Cond" not in line and "Filter" not in line
                ]
                console.print(f"  generic plan, {label}: " + " → ".join(steps))
    finally:
        await pool.close()


async def main(server: EmbeddedPostgres) -> None:
    server.create_database("round_trips")
    await round_trips(server.dsn("round_trips"))
    await bare_round_trips(server.dsn("round_trips"))
    await append_sweep(server)
    server.create_database("reads")
    await measure_ours_async(
        server.dsn("reads"), aggregates=500, events_per_aggregate=10, concurrency=16, page_size=1000, read_repeats=0
    )
    await reads(server.dsn("reads"))


if __name__ == "__main__":
    with tempfile.TemporaryDirectory(prefix="allianties-diagnose-") as tmp:
        postgres = EmbeddedPostgres(Path(tmp) / "data", port=free_port())
        postgres.start()
        try:
            asyncio.run(main(postgres))
        finally:
            postgres.stop()
