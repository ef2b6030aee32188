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
REPLAY_GOAL = 50_000  # events per second


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
    return f"[green]goal ≥ {goal:g}×: met[/]" if ratio >= goal else f"[red]goal ≥ {goal:g}×: NOT met[/]"


def results_table(result: dict[str, Any]) -> Table:
    c, passes = result["concurrency"], result["read_repeats"]
    table = Table(
        title=f"Event store: {result['aggregates']} aggregates × {result['events_per_aggregate']} events, "
        f"page size {result['page_size']}, median of {result['rounds']} rounds"
    )
    table.add_column("Measurement")
    table.add_column("Events/s", justify="right")
    table.add_column("How")
    table.add_row("ours · append", f"{result['append_events_per_s']:,.0f}", f"Repository.execute, {c} workers")
    table.add_row("ours · read_all", f"{result['read_events_per_s']:,.0f}", f"mean of {passes} passes")
    table.add_row("eventsourcing · append", f"{result['peer_append_events_per_s']:,.0f}", "get+save, sequential")
    if "peer_threaded_append_events_per_s" in result:
        table.add_row(
            "eventsourcing · append ‖",
            f"{result['peer_threaded_append_events_per_s']:,.0f}",
            f"{c} threads (informative)",
        )
    table.add_row(
        "eventsourcing · save only", f"{result['peer_no_reload_append_events_per_s']:,.0f}", "no get (informative)"
    )
    table.add_row("eventsourcing · read", f"{result['peer_read_events_per_s']:,.0f}", "select_notifications")
    table.add_row(
        "eventsourcing · read+decode",
        f"{result['peer_read_decoded_events_per_s']:,.0f}",
        "+ to_domain_event (informative)",
    )
    append_ratio, read_ratio = result["append_ratio_vs_eventsourcing"], result["read_ratio_vs_eventsourcing"]
    table.add_section()
    table.add_row("ratio · append", f"{append_ratio:.2f}×", _verdict(append_ratio, APPEND_GOAL))
    if "append_ratio_vs_eventsourcing_threaded" in result:
        table.add_row("ratio · append vs ‖", f"{result['append_ratio_vs_eventsourcing_threaded']:.2f}×", "informative")
    no_reload = result["append_events_per_s"] / result["peer_no_reload_append_events_per_s"]
    table.add_row("ratio · append vs save only", f"{no_reload:.2f}×", "informative")
    table.add_row("ratio · read", f"{read_ratio:.2f}×", _verdict(read_ratio, READ_GOAL))
    decoded = result["read_events_per_s"] / result["peer_read_decoded_events_per_s"]
    table.add_row("ratio · read vs read+decode", f"{decoded:.2f}×", "informative")
    machine = result["machine"]
    table.caption = (
        f"{machine['nproc']} CPUs (load {machine['load_average_before']:.1f} → {machine['load_average_after']:.1f}), "
        f"Python {machine['python']}, {machine.get('postgres', '')}"
    )
    return table


def replay_table(result: dict[str, Any]) -> Table:
    rate = result["replay_events_per_s"]
    verdict = "[green]met[/]" if rate >= REPLAY_GOAL else "[red]NOT met[/]"
    per_service = ", ".join(f"{s} {n:,}" for s, n in result["replay_events_per_service"].items())
    table = Table(
        title=f"Audit replay: {result['replay_events']:,} events across the four topics ({per_service}), "
        f"{result['replay_copies_of_template']} copies of the {result['replay_template_events']:,}-event 2021 demo round"
    )
    table.add_column("Measurement")
    table.add_column("Value", justify="right")
    table.add_column("How")
    table.add_row(
        "replay · events/s", f"{rate:,.0f}", f"store heads + read + verify, {result['replay_seconds']:.1f} s; goal ≥ {REPLAY_GOAL:,}: {verdict}"
    )
    for check, checked in result["replay_checks"].items():
        table.add_row(f"  ✓ {check}", f"{checked:,}", "checked, none failed")
    table.add_row("  history of one alliance", f"{result['replay_history_events']:,}", result["replay_alliance"])
    table.add_section()
    table.add_row("set-up · outbox relays", f"{result['replay_setup_publish_events_per_s']:,.0f}", "events/s to the topics (informative)")
    table.add_row("set-up · load the stores", f"{result['replay_setup_load_seconds']:.0f} s", "COPY into four databases (informative)")
    return table


def write_results(result: dict[str, Any], path: Path = RESULTS) -> Path:
    path.write_text(json.dumps(result, indent=2, default=str) + "\n")
    return path
