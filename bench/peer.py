"""The peer: the `eventsourcing` library with its standard PostgreSQL persistence (psycopg 3).

The same work as ours: per aggregate one creating command and then one command at a time, each a
load (``repository.get``, no cache, no snapshots: the library's defaults), a trivial decision and
``app.save`` of one event; then paging its notification log with ``recorder.select_notifications``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

Advance = Callable[[int], None]


class Counter(Aggregate):
    @event("Created")
    def __init__(self) -> None:
        self.count = 0

    @event("Ticked")
    def tick(self, n: int) -> None:
        self.count = n


class BenchApplication(Application):
    name = "Bench"  # its events land in table bench_events


def _noop(_: int) -> None:
    pass


def peer_env(host: str, port: int, dbname: str, pool_size: int = 1) -> dict[str, str]:
    """The library's standard configuration, as environment variables (trust auth: any password)."""
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": dbname,
        "POSTGRES_HOST": host,
        "POSTGRES_PORT": str(port),
        "POSTGRES_USER": "postgres",
        "POSTGRES_PASSWORD": "trust",
        "POSTGRES_POOL_SIZE": str(pool_size),
    }


def _run_aggregate(app: BenchApplication, events_per_aggregate: int, reload: bool, advance: Advance) -> UUID:
    counter = Counter()  # command 1: create
    app.save(counter)
    advance(1)
    for _ in range(events_per_aggregate - 1):  # the rest: load, decide, save one event
        if reload:  # as an application command does; without it the aggregate stays in memory
            counter = app.repository.get(counter.id)
        counter.tick(counter.count + 1)
        app.save(counter)
        advance(1)
    return counter.id


def _read_everything(app: BenchApplication, page_size: int, decode: bool = False) -> int:
    """Page the notification log; with ``decode`` also turn each notification into its domain event."""
    start, count = 1, 0
    while True:
        page = app.recorder.select_notifications(start, page_size)
        if not page:
            return count
        if decode:
            for notification in page:
                app.mapper.to_domain_event(notification)
        count += len(page)
        start = page[-1].id + 1


def _timed_reads(
    app: BenchApplication, page_size: int, repeats: int, total: int, decode: bool, advance: Advance
) -> float:
    seconds = 0.0
    for _ in range(repeats):
        started = time.perf_counter()
        count = _read_everything(app, page_size, decode)
        seconds += time.perf_counter() - started
        if count != total:
            raise AssertionError(f"read {count} notifications, expected {total}")
        advance(1)
    return seconds


def measure_peer(
    host: str,
    port: int,
    dbname: str,
    *,
    aggregates: int,
    events_per_aggregate: int,
    page_size: int,
    read_repeats: int,
    threads: int = 1,
    reload: bool = True,
    append_progress: Advance = _noop,
    read_progress: Advance = _noop,
) -> dict[str, float | int]:
    """Sequential use by default (``threads=1``); with ``threads > 1`` a thread per worker and a pool that size.

    ``reload=False`` skips ``repository.get`` between commands (informative only: ours always loads).
    """
    app = BenchApplication(env=peer_env(host, port, dbname, pool_size=threads))
    try:
        total = aggregates * events_per_aggregate
        started = time.perf_counter()
        if threads == 1:
            for _ in range(aggregates):
                _run_aggregate(app, events_per_aggregate, reload, append_progress)
        else:
            with ThreadPoolExecutor(max_workers=threads) as executor:
                futures = [
                    executor.submit(_run_aggregate, app, events_per_aggregate, reload, append_progress)
                    for _ in range(aggregates)
                ]
                for future in futures:
                    future.result()
        append_seconds = time.perf_counter() - started

        result: dict[str, float | int] = {
            "events": total,
            "append_seconds": append_seconds,
            "append_events_per_s": total / append_seconds,
            "threads": threads,
            "reload": reload,
        }
        if read_repeats:
            # Headline: its notification log as it hands it out (undecoded); informative: decoded too.
            read_seconds = _timed_reads(app, page_size, read_repeats, total, False, read_progress)
            decoded_seconds = _timed_reads(app, page_size, read_repeats, total, True, read_progress)
            result |= {
                "read_seconds": read_seconds,
                "read_events": read_repeats * total,
                "read_events_per_s": read_repeats * total / read_seconds,
                "read_decoded_seconds": decoded_seconds,
                "read_decoded_events_per_s": read_repeats * total / decoded_seconds,
            }
        return result
    finally:
        app.close()
