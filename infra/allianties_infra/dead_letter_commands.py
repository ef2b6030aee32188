"""``allianties dead-letters list|show|redrive``: what each service's consumers parked, and redriving it."""

from __future__ import annotations

import json
from typing import Annotated

import httpx
import typer
from rich.console import Console
from rich.table import Table

from allianties_infra import ops_client
from allianties_infra.http_retry import RetryingClient
from allianties_infra.stack_config import SERVICE_PORTS

app = typer.Typer(help="What the services' consumers parked on their dead-letter topics, and redriving it after a fix.", no_args_is_help=True)
console = Console()
EVENT_TYPE_PREFIX = "nl.amsterdam.subsidies.allianties."


def _target(service: str) -> ops_client.Target:
    if service not in SERVICE_PORTS:
        console.print(f"[red]unknown service {service!r}[/]; choose one of {', '.join(SERVICE_PORTS)}")
        raise typer.Exit(2)
    return next(t for t in ops_client.targets() if t.service == service)


def _call(target: ops_client.Target, method: str, path: str, *, timeout: float = 30) -> dict:
    """One operator call; a problem answer or no answer ends the command with the reason."""
    policy = ops_client.COMMAND_RETRY if method == "POST" else ops_client.STATUS_RETRY
    try:
        with RetryingClient(policy, base_url=target.url, headers=ops_client.operator_auth(), timeout=timeout) as client:
            response = client.request(method, path)
    except httpx.HTTPError as error:
        console.print(f"[red]{target.service} at {target.url}: {error or type(error).__name__}[/]")
        raise typer.Exit(1) from None
    if response.status_code != 200:
        detail = response.json().get("detail", response.text) if "json" in response.headers.get("content-type", "") else response.text
        console.print(f"[red]{target.service}: {response.status_code} {detail}[/]")
        raise typer.Exit(1)
    return response.json()


def list_table(answers: list[dict]) -> Table:
    """One row per parked message of every service asked (``GET /ops/dead-letters`` answers)."""
    table = Table(title="dead letters (redrive: allianties dead-letters redrive SERVICE ID|--all)", title_justify="left")
    for column in ("service", "id", "failed at (UTC)", "reason", "tries", "event", "subject", "from", "redriven"):
        table.add_column(column)
    for answer in answers:
        for entry in answer["dead_letters"]:
            original = entry["original"]
            last = entry["redrives"][-1] if entry["redrives"] else None
            table.add_row(
                answer["service"], entry["id"], entry["failed_at"][:19].replace("T", " "), entry["reason"], str(entry["attempts"]),
                (original["type"] or "-").removeprefix(EVENT_TYPE_PREFIX), original["subject"] or original["key"] or "-",
                f"{original['topic']}:{original['partition']}@{original['offset']}",
                f"{last['outcome']} ({len(entry['redrives'])}x)" if last else "no",
            )  # fmt: skip
    return table


def detail_table(service: str, entry: dict) -> Table:
    """One parked message: why, how often, where from, its redrives, and the original CloudEvent."""
    original = entry["original"]
    table = Table(title=f"{service} dead letter {entry['id']}", title_justify="left", show_header=False)
    table.add_column("field", style="bold")
    table.add_column("value", overflow="fold")
    rows = [
        ("reason", entry["reason"]), ("error", entry["error"]), ("tries", str(entry["attempts"])),
        ("consumer group", entry["consumer_group"]), ("failed at", entry["failed_at"]),
        ("original", f"{original['topic']} partition {original['partition']} offset {original['offset']}, key {original['key']}"),
        ("headers", ", ".join(f"{k}: {v}" for k, v in original["headers"].items()) or "-"),
        ("redrives", "; ".join(f"{r['redriven_at']} by {r['redriven_by']}: {r['outcome']}" for r in entry["redrives"]) or "none"),
    ]  # fmt: skip
    cloudevent = original["cloudevent"]
    rows.append(("cloudevent", json.dumps(cloudevent, indent=2, ensure_ascii=False) if cloudevent else f"(not JSON) {original['value_base64']}"))
    for field, value in rows:
        table.add_row(field, value)
    return table


def redrive_table(service: str, results: list[dict]) -> Table:
    table = Table(title=f"{service}: redriven", title_justify="left")
    for column in ("id", "outcome", "reason"):
        table.add_column(column)
    for result in results:
        colour = {"processed": "green", "duplicate": "cyan", "dead-lettered": "red"}.get(result["outcome"], "yellow")
        table.add_row(result["id"], f"[{colour}]{result['outcome']}[/]", result["reason"] or "")
    return table


@app.command("list")
def list_command(service: Annotated[str | None, typer.Argument(help=f"one of: {', '.join(SERVICE_PORTS)}; all when left out")] = None) -> None:
    """What is parked, why, how often it was tried, and whether it was redriven."""
    answers, failed = [], 0
    for target in [_target(service)] if service else ops_client.targets():
        try:
            answers.append(_call(target, "GET", "/ops/dead-letters"))
        except typer.Exit:  # the reason is printed; the other services are still listed
            failed += 1
    console.print(list_table(answers))
    raise typer.Exit(1 if failed else 0)


@app.command()
def show(
    service: Annotated[str, typer.Argument(help=f"one of: {', '.join(SERVICE_PORTS)}")],
    dead_letter_id: Annotated[str, typer.Argument(metavar="ID", help="as `list` shows it: <partition>-<offset>")],
) -> None:
    """One parked message with its original record and CloudEvent."""
    console.print(detail_table(service, _call(_target(service), "GET", f"/ops/dead-letters/{dead_letter_id}")))


@app.command()
def redrive(
    service: Annotated[str, typer.Argument(help=f"one of: {', '.join(SERVICE_PORTS)}")],
    dead_letter_id: Annotated[str | None, typer.Argument(metavar="[ID]", help="the entry to redrive")] = None,
    every: Annotated[bool, typer.Option("--all", help="every entry not redriven yet")] = False,
) -> None:
    """Hand parked messages to their consumer again, after the cause is fixed.

    An event handled meanwhile is a duplicate and changes nothing; one that fails again is parked again."""
    if (dead_letter_id is None) == (not every):
        console.print("[red]give an ID or --all (not both)[/]")
        raise typer.Exit(2)
    target = _target(service)
    if every:
        results = _call(target, "POST", "/ops/dead-letters/redrive", timeout=300)["redriven"]
    else:
        results = [_call(target, "POST", f"/ops/dead-letters/{dead_letter_id}/redrive", timeout=120)]
    console.print(redrive_table(service, results))
    raise typer.Exit(1 if any(r["outcome"] == "dead-lettered" for r in results) else 0)
