"""``allianties``: the operator's command."""

from __future__ import annotations

import asyncio
import os
import time as time_module
from datetime import date, datetime, time
from pathlib import Path
from typing import Annotated

import httpx
import typer
from rich.console import Console
from rich.progress import MofNCompleteColumn, Progress

from allianties_infra import ops_client
from allianties_infra.dead_letter_commands import app as dead_letters_app
from allianties_infra.http_retry import RetryingClient
from allianties_infra.stack_config import SERVICE_PORTS, StackConfig, stack_secret
from allianties_infra.supervisor import read_state
from allianties_infra.tokens import issue
from allianties_shared.domain import Role
from allianties_shared.regulation.model import AMSTERDAM
from allianties_shared.settings import KafkaSettings

app = typer.Typer(help="Run and operate the alliance subsidy services.", no_args_is_help=True, add_completion=False)
console = Console()
app.add_typer(dead_letters_app, name="dead-letters")


@app.command()
def run(
    replicas: Annotated[
        int | None, typer.Option(min=1, max=16, help="processes per service, sharing its port [default: ALLIANTIES_REPLICAS or 1]")
    ] = None,
) -> None:
    """Start PostgreSQL, the Tansu broker and all four services (the embedded stack), and keep them
    running: a process that dies is started again. Ctrl-C stops all."""
    from allianties_infra.stack import run_stack

    try:
        config = StackConfig.from_environment()
    except ValueError as error:
        console.print(f"[red]{error}[/]")
        raise typer.Exit(2) from None
    if replicas is not None:
        config.replicas = replicas
    raise typer.Exit(run_stack(config))


@app.command()
def demo() -> None:
    """Drive a realistic scenario through the HTTP APIs of a running stack and tell what happened."""
    from allianties_infra.demo import run_demo

    raise typer.Exit(run_demo(console))


@app.command()
def chaos(
    workload: Annotated[str, typer.Option(help="demo: the whole demo once; intake: intake rounds for --seconds")] = "demo",
    seconds: Annotated[float | None, typer.Option(min=1, help="intake: how long (default 60); demo: when the faults stop")] = None,
    replicas: Annotated[int, typer.Option(min=1, max=16, help="processes per service")] = 2,
    seed: Annotated[int | None, typer.Option(help="the killer's random seed, to play the same faults again")] = None,
    report: Annotated[Path | None, typer.Option(help="also write what was checked as JSON")] = None,
) -> None:
    """On a stack of its own: a workload while service processes are killed and the broker restarted; then check
    that nothing was lost or doubled (commands, consumer effects, mail, webhooks, the audit)."""
    from allianties_infra.chaos import WORKLOADS, ChaosOptions, run_chaos

    if workload not in WORKLOADS:
        console.print(f"[red]unknown workload {workload!r}[/]; choose one of {', '.join(WORKLOADS)}")
        raise typer.Exit(2)
    options = ChaosOptions(workload=workload, seconds=seconds, replicas=replicas, seed=seed, report=report)
    raise typer.Exit(run_chaos(options, console))


@app.command()
def status(
    max_relay_lag: Annotated[float, typer.Option(min=0, help="seconds the oldest unpublished event may wait before the relay counts as lagging")] = 60.0,
    max_consumer_lag: Annotated[int | None, typer.Option(min=0, help="records a consumer group may lag before it counts as lagging [default: not checked]")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no tables: only the problems, one a line (for cron)")] = False,
) -> None:
    """What runs, where every relay and consumer group stands, how far each lags, and what is wrong.
    Exit code: 0 healthy; else the sum of 1 (a service down or not ready), 4 (a relay or consumer group lags),
    8 (dead letters wait), 16 (mail given up on or a subscriber's deliveries failing)."""
    from allianties_infra.status_health import exit_code, problems
    from allianties_infra.status_tables import status_tables

    headers = ops_client.operator_auth()
    states = [ops_client.status(target, headers) for target in ops_client.targets()]
    found = problems(states, max_relay_lag_seconds=max_relay_lag, max_consumer_lag=max_consumer_lag)
    if not quiet:
        for table in status_tables(states, read_state(StackConfig.from_environment().data_dir)):
            console.print(table)
    for problem in found:
        console.print(str(problem), style=None if quiet else "red", markup=False, highlight=False, soft_wrap=True)
    if not found and not quiet:
        console.print("[green]all services ready, nothing waiting[/]")
    raise typer.Exit(exit_code(found))


@app.command()
def republish(
    service: Annotated[str, typer.Argument(help=f"one of: {', '.join(SERVICE_PORTS)}")],
    from_position: Annotated[int, typer.Option("--from", min=0, help="global position to start from (0 = all)")] = 0,
) -> None:
    """Publish a service's stored events again from a position (after a broker lost its data)."""
    if service not in SERVICE_PORTS:
        console.print(f"[red]unknown service {service!r}[/]; choose one of {', '.join(SERVICE_PORTS)}")
        raise typer.Exit(2)
    target = next(t for t in ops_client.targets() if t.service == service)
    try:
        result = ops_client.republish(target, ops_client.operator_auth(), from_position)
    except httpx.HTTPError as error:
        console.print(f"[red]{service} at {target.url}: {error}[/]")
        raise typer.Exit(1) from None
    console.print(f"{service}: republishing {result['republishing']} events from position {from_position}")


@app.command()
def rebuild(service: Annotated[str, typer.Argument(help=f"one of: {', '.join(SERVICE_PORTS)}")]) -> None:
    """Rebuild a service's read models from its events, aside, then switch (no downtime)."""
    if service not in SERVICE_PORTS:
        console.print(f"[red]unknown service {service!r}[/]; choose one of {', '.join(SERVICE_PORTS)}")
        raise typer.Exit(2)
    target = next(t for t in ops_client.targets() if t.service == service)
    headers = ops_client.operator_auth()
    with RetryingClient(ops_client.COMMAND_RETRY, base_url=target.url, headers=headers, timeout=10) as client:
        started = client.post("/ops/rebuild")
        if started.status_code != 202:
            console.print(f"[red]{service}: {started.status_code} {started.text}[/]")
            raise typer.Exit(1)
        with Progress(*Progress.get_default_columns(), MofNCompleteColumn(), console=console) as bar:
            task = bar.add_task(f"rebuilding {service}", total=started.json()["total"] or None)
            while True:
                state = client.get("/ops/rebuild").json()
                bar.update(task, completed=state["projected"], total=max(state["total"], state["projected"]) or None,
                           description=f"{service}: {state['state']}")
                if state["state"] in ("done", "failed"):
                    break
                time_module.sleep(0.2)
    if state["state"] == "failed":
        console.print(f"[red]rebuild failed: {state['error']}[/]")
        raise typer.Exit(1)
    console.print(f"{service}: rebuilt {', '.join(state['tables'])} from {state['projected']} events, switched in")


@app.command()
def token(
    role: Annotated[str, typer.Option(help="penvoerder, partner, accounthouder, beoordelaar, besluitvormer, auditor, operator")],
    alliance: Annotated[list[str], typer.Option(help="alliance id (repeatable), for penvoerder and partner")] = [],  # noqa: B006
    actor: Annotated[str | None, typer.Option(help="actor id; default dev-<role>")] = None,
) -> None:
    """Print a development bearer token signed with the stack's secret."""
    try:
        chosen = Role(role)
    except ValueError:
        console.print(f"[red]unknown role {role!r}[/]")
        raise typer.Exit(2) from None
    secret = stack_secret(StackConfig.from_environment().data_dir)
    try:
        print(issue(secret, chosen, actor, tuple(alliance)))
    except ValueError as error:
        console.print(f"[red]{error}[/]")
        raise typer.Exit(2) from None


@app.command()
def audit(
    alliance: Annotated[str | None, typer.Argument(help="alliance id; leave out to verify everything without a timeline")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="a date (end of that day, Amsterdam) or an ISO moment")] = None,
    stores: Annotated[bool, typer.Option(help="also compare the topics with each service's store")] = True,
) -> None:
    """Replay an alliance's history from the Kafka topics and verify the whole record."""
    from allianties_infra.audit.present import print_report
    from allianties_infra.audit.run import run_audit, store_digests

    moment = parse_moment(as_of) if as_of else None
    kafka = KafkaSettings(bootstrap_servers=os.environ.get("KAFKA_BOOTSTRAP_SERVERS", StackConfig.from_environment().kafka_bootstrap))

    async def go():
        digests = await store_digests(ops_client.targets(), ops_client.operator_auth()) if stores else None
        with console.status("reading the topics") as status:
            return await run_audit(
                kafka, alliance_id=alliance, as_of=moment, stores=digests,
                progress=lambda done, total: status.update(f"reading the topics: {done:,} of {total:,} records"),
            )

    try:
        report = asyncio.run(go())
    except httpx.HTTPError as error:
        console.print(f"[red]a service did not answer ({error}); use --no-stores to verify the topics alone[/]")
        raise typer.Exit(1) from None
    print_report(report, console)
    raise typer.Exit(0 if report.passed else 1)


@app.command()
def export(
    out: Annotated[Path, typer.Option(help="folder for events.jsonl and register.csv")] = Path("export"),
    alliance: Annotated[str | None, typer.Option(help="only this alliance")] = None,
    start: Annotated[str | None, typer.Option("--from", help="period start: a date or ISO moment (Amsterdam)")] = None,
    end: Annotated[str | None, typer.Option("--to", help="period end: a date (through that day) or ISO moment")] = None,
) -> None:
    """Export an alliance or a period from the topics: events as JSON Lines, the subsidy register as CSV."""
    from allianties_infra.audit.export import register_rows, write_jsonl, write_register_csv
    from allianties_infra.audit.history import alliance_history
    from allianties_infra.audit.reader import read_topics
    from allianties_infra.audit.verification import distinct_events
    from allianties_shared.regulation.loader import load_regulation

    since = parse_moment(start, end_of_day=False) if start else None
    until = parse_moment(end) if end else None
    kafka = KafkaSettings(bootstrap_servers=os.environ.get("KAFKA_BOOTSTRAP_SERVERS", StackConfig.from_environment().kafka_bootstrap))
    with console.status("reading the topics"):
        wire, _ = asyncio.run(read_topics(kafka))
    events = distinct_events(wire)
    chosen = alliance_history(events, alliance, until) if alliance else sorted(events, key=lambda w: w.event.recorded_at)
    chosen = [w for w in chosen if (since is None or w.event.recorded_at >= since) and (until is None or w.event.recorded_at <= until)]
    rows = register_rows(events, load_regulation(os.environ.get("ALLIANTIES_REGULATION_FILE") or None))
    if alliance:
        rows = [r for r in rows if r["alliantie_id"] == alliance]
    if since or until:
        years = range(since.year if since else 1, (until.year if until else 9999) + 1)
        rows = [r for r in rows if r["subsidiejaar"].isdigit() and int(r["subsidiejaar"]) in years]
    out.mkdir(parents=True, exist_ok=True)
    n_events = write_jsonl(chosen, out / "events.jsonl")
    n_rows = write_register_csv(rows, out / "register.csv")
    console.print(f"wrote {n_events} events to {out / 'events.jsonl'} and {n_rows} register rows to {out / 'register.csv'}")


@app.command("audit-web")
def audit_web(port: Annotated[int, typer.Option(help="where the auditor's page and API listen")] = 8005) -> None:
    """Serve the auditor's HTTP API and web page (http://127.0.0.1:PORT/audit/allianties/<id>)."""
    import uvicorn

    from allianties_infra.audit.run import store_digests
    from allianties_infra.audit.web import create_audit_app

    config = StackConfig.from_environment()
    kafka = KafkaSettings(bootstrap_servers=os.environ.get("KAFKA_BOOTSTRAP_SERVERS", config.kafka_bootstrap))
    targets, headers = ops_client.targets(config), ops_client.operator_auth(config)
    app = create_audit_app(kafka, lambda: store_digests(targets, headers), stack_secret(config.data_dir))
    console.print(f"auditor's page: http://127.0.0.1:{port}/audit/allianties/<alliance-id>  (an auditor token: `allianties token --role auditor`)")
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


def parse_moment(text: str, *, end_of_day: bool = True) -> datetime:
    """``2021-06-01`` is the end of that day in Amsterdam (its start with ``end_of_day=False``); an ISO
    moment without a zone is Amsterdam time too."""
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time.max if end_of_day else time.min, AMSTERDAM)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"not a date or ISO moment: {text!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=AMSTERDAM)


@app.command()
def schemas(out: Annotated[Path, typer.Option(help="folder to write to")] = Path("schemas")) -> None:
    """Write the JSON Schema of every event type and an AsyncAPI document per topic."""
    from allianties_shared.schemas import write_schemas

    written = write_schemas(out)
    console.print(f"wrote {len(written)} files under {out}/")


def main() -> None:
    app()
