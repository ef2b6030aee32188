"""Show progress while the benchmark runs, then the results as a table and as ``bench/results.json``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from bench.runner import Advance

RESULTS = Path(__file__).parent / "results.json"
APPEND_GOAL, READ_GOAL = 3.0, 2.0


class RichReporter:
    """One progress bar per phase; a phase's bar appears when the phase is announced."""

    def __init__(self, console: Console) -> None:
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
        )

    def __enter__(self) -> RichReporter:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def phase(self, description: str, total: int) -> Advance:
        task = self.progress.add_task(description, total=total)
        return lambda n: self.progress.advance(task, n)


def _verdict(ratio: float, goal: float) -> str:
    return f"[green]≥ {goal:g}× met[/]" if ratio >= goal else f"[red]< {goal:g}× goal[/]"


def results_table(result: dict[str, Any]) -> Table:
    sizes = f"{result['aggregates']} aggregates × {result['events_per_aggregate']} events"
    table = Table(title=f"Event store benchmark — {sizes}, page size {result['page_size']}")
    table.add_column("Measurement")
    table.add_column("Events/s", justify="right")
    table.add_column("Note")
    c = result["concurrency"]
    table.add_row("ours: append (load+decide+append, 1 tx/command)", f"{result['append_events_per_s']:,.0f}", f"{c} concurrent workers")
    table.add_row("ours: read_all", f"{result['read_events_per_s']:,.0f}", f"all events, {result['read_repeats']} passes (mean)")
    table.add_row("eventsourcing: append (get+decide+save)", f"{result['peer_append_events_per_s']:,.0f}", "sequential (its sync API)")
    if "peer_threaded_append_events_per_s" in result:
        table.add_row("eventsourcing: append, threaded", f"{result['peer_threaded_append_events_per_s']:,.0f}", f"{c} threads, pool size {c}")
    table.add_row("eventsourcing: select_notifications", f"{result['peer_read_events_per_s']:,.0f}", f"sequential, {result['read_repeats']} passes (mean)")
    append_ratio, read_ratio = result["append_ratio_vs_eventsourcing"], result["read_ratio_vs_eventsourcing"]
    table.add_section()
    table.add_row("append ratio ours / eventsourcing", f"{append_ratio:.2f}×", _verdict(append_ratio, APPEND_GOAL))
    if "append_ratio_vs_eventsourcing_threaded" in result:
        table.add_row("append ratio ours / eventsourcing threaded", f"{result['append_ratio_vs_eventsourcing_threaded']:.2f}×", "informative")
    table.add_row("read ratio ours / eventsourcing", f"{read_ratio:.2f}×", _verdict(read_ratio, READ_GOAL))
    machine = result["machine"]
    table.caption = f"{machine['nproc']} CPUs, Python {machine['python']}, {machine.get('postgres', '')}"
    return table


def write_results(result: dict[str, Any], path: Path = RESULTS) -> Path:
    path.write_text(json.dumps(result, indent=2, default=str) + "\n")
    return path
