"""``python -m bench``: one embedded PostgreSQL and one embedded broker; our event store vs. the
eventsourcing library, then the audit's replay of a million events across the four topics."""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path
from typing import Any

from rich.console import Console

from allianties_infra.embedded import EmbeddedKafka, EmbeddedPostgres, free_port
from allianties_shared.settings import KafkaSettings
from bench.replay import run_replay_benchmark
from bench.report import RESULTS, RichReporter, replay_table, results_table, write_results
from bench.runner import Sizes, run_benchmark

REPLAY_EVENTS = 1_000_000


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    defaults = Sizes()
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--aggregates", type=int, default=defaults.aggregates)
    parser.add_argument("--events-per-aggregate", type=int, default=defaults.events_per_aggregate)
    parser.add_argument(
        "--concurrency", type=int, default=defaults.concurrency, help="concurrent command workers (ours)"
    )
    parser.add_argument("--page-size", type=int, default=defaults.page_size, help="events per read_all page")
    parser.add_argument("--read-repeats", type=int, default=defaults.read_repeats, help="passes over the whole log")
    parser.add_argument("--rounds", type=int, default=defaults.rounds, help="repeat everything; report medians")
    parser.add_argument("--no-peer-threads", action="store_true", help="skip the threaded eventsourcing row")
    parser.add_argument(
        "--replay-events", type=int, default=REPLAY_EVENTS, help="events in the replay benchmark (0: skip it)"
    )
    parser.add_argument("--output", type=Path, default=RESULTS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    sizes = Sizes(
        aggregates=args.aggregates,
        events_per_aggregate=args.events_per_aggregate,
        concurrency=args.concurrency,
        page_size=args.page_size,
        read_repeats=args.read_repeats,
        rounds=args.rounds,
        peer_threads=not args.no_peer_threads,
    )
    console = Console()
    with tempfile.TemporaryDirectory(prefix="allianties-bench-") as tmp:
        server = EmbeddedPostgres(Path(tmp) / "data", port=free_port())
        console.print(f"[bold]Starting embedded PostgreSQL[/] on port {server.port} in {tmp} …")
        server.start()
        try:
            with RichReporter(console) as reporter:
                result = run_benchmark(server, sizes, reporter)
            if args.replay_events:
                result |= replay(server, args.replay_events, console)
        finally:
            console.print("Stopping PostgreSQL …")
            server.stop()
    console.print(results_table(result))
    if args.replay_events:
        console.print(replay_table(result))
    console.print(f"Results written to {write_results(result, args.output)}")


def replay(server: EmbeddedPostgres, events: int, console: Console) -> dict[str, Any]:
    broker = EmbeddedKafka(free_port())
    console.print(f"[bold]Starting the embedded broker[/] on port {broker.port} …")
    broker.start()
    try:
        with RichReporter(console) as reporter:
            kafka = KafkaSettings(bootstrap_servers=broker.bootstrap_servers)
            return asyncio.run(run_replay_benchmark(server, kafka, events, reporter))
    finally:
        broker.stop()


if __name__ == "__main__":
    main()
