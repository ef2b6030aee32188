"""The tables of ``allianties status`` beyond services and consumer groups: the supervisor's processes,
every instance of every service (the services' instance registries), and notificatie's queues."""

from __future__ import annotations

from rich.table import Table


def process_table(supervised: dict | None) -> Table | None:
    """What the embedded stack's supervisor runs (``supervisor.json``), with its restarts."""
    if supervised is None:
        return None
    table = Table(title=f"supervised processes ({supervised['replicas']} per service)", title_justify="left")
    for column in ("process", "pid", "state", "restarts", "since", "last exit"):
        table.add_column(column)
    for row in supervised["processes"]:
        state = {"up": "[green]up[/]", "starting": "[yellow]starting[/]"}.get(row["state"], f"[red]{row['state']}[/]")
        exit_code = "" if row["last_exit"] is None else str(row["last_exit"])
        table.add_row(row["name"], str(row["pid"] or "-"), state, str(row["restarts"]), row["since"], exit_code)
    return table


def instance_table(states: list[dict], supervised: dict | None) -> Table | None:
    """Each service's live instances as its registry reports them; restarts joined in by pid."""
    if not any("instances" in state for state in states):
        return None
    restarts = {row["pid"]: row["restarts"] for row in (supervised or {}).get("processes", []) if row["service"]}
    table = Table(title="instances", title_justify="left")
    for column in ("service", "instance", "pid", "host", "started", "last seen", "holds", "restarts"):
        table.add_column(column)
    for state in states:
        for instance in state.get("instances", []):
            holds = ", ".join(role for role in ("relay", "tickers") if instance.get(role))
            table.add_row(
                state["service"], instance["id"], str(instance["pid"]), instance["host"], str(instance["started_at"]),
                str(instance["last_seen"]), holds, str(restarts.get(instance["pid"], "")),
            )
    return table


def queue_table(states: list[dict]) -> Table | None:
    """Work a service still has to do (notificatie: mail and deliveries per subscription)."""
    if not any(state.get("queues") for state in states):
        return None
    table = Table(title="queues", title_justify="left")
    for column in ("service", "queue", "counts"):
        table.add_column(column)
    for state in states:
        for name, counts in (state.get("queues") or {}).items():
            shown = ", ".join(f"{key}: {value}" for key, value in counts.items()) if isinstance(counts, dict) else str(counts)
            table.add_row(state["service"], name, shown)
    return table


def dead_letter_cell(counts: dict | None) -> str:
    """The services table's dead-letter column: entries not redriven yet, of all on the topic."""
    if not counts:
        return "-"
    if counts.get("error"):
        return f"[yellow]unread: {counts['error']}[/]"
    waiting = f"[red]{counts['waiting']} waiting[/]" if counts["waiting"] else "0 waiting"
    return f"{waiting} of {counts['entries']}"
