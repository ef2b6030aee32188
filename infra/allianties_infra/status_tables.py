"""The tables of ``allianties status``: services (readiness, relay lag, dead letters), the supervisor's
processes, every instance of every service (the services' instance registries), consumer groups,
notificatie's queues and its failing subscribers."""

from __future__ import annotations

from rich.table import Table


def status_tables(states: list[dict], supervised: dict | None) -> list[Table]:
    """Every table of ``allianties status``, from the services' states (``ops_client.status``) and the supervisor's."""
    running = [state for state in states if state["running"]]
    tables = [service_table(states), process_table(supervised), instance_table(running, supervised), group_table(running)]
    return [t for t in (*tables, queue_table(running), failing_subscriber_table(running)) if t is not None]


def service_table(states: list[dict]) -> Table:
    table = Table(title="services", title_justify="left")
    for column in ("service", "url", "ready", "relay position", "head", "relay lag", "dead letters", "topic"):
        table.add_column(column)
    for state in states:
        if not state["running"]:
            table.add_row(state["service"], state["url"], "[red]down[/]", "", "", "", "", state["error"])
            continue
        relay, ready = state["relay"], state["ready"]["status"] == "ready"
        table.add_row(
            state["service"], state["url"], "[green]ready[/]" if ready else f"[yellow]{state['ready']['checks']}[/]",
            str(relay["position"]), str(relay["head"]), lag_seconds_cell(relay), dead_letter_cell(state.get("dead_letters")), state["topic"],
        )
    return table


def group_table(states: list[dict]) -> Table:
    table = Table(title="consumer groups (lag: end - committed, never below 0)", title_justify="left")
    for column in ("group", "topic", "partition", "committed", "end", "lag"):
        table.add_column(column)
    for state in states:
        for consumer in state["consumers"]:
            if not consumer["partitions"]:
                table.add_row(consumer["group"], ",".join(consumer["topics"]), "-", "-", "-", "not joined")
            for p in consumer["partitions"]:
                table.add_row(consumer["group"], p["topic"], str(p["partition"]), str(p["committed"]), str(p["end"]), str(p["lag"]))
    return table


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


def failing_subscriber_table(states: list[dict]) -> Table | None:
    """Subscriptions whose deliveries fail (retrying) or were given up on (notificatie's dead letters)."""
    rows = [(state["service"], s) for state in states for s in state.get("failing_subscribers") or []]
    if not rows:
        return None
    table = Table(title="failing subscribers", title_justify="left")
    for column in ("service", "subscription", "callback host", "failing", "given up", "last failure", "last status", "last error"):
        table.add_column(column)
    for service, s in rows:
        table.add_row(
            service, s["abonnement_id"], s["callback_host"], str(s["failing"]), f"[red]{s['dead_letters']}[/]" if s["dead_letters"] else "0",
            str(s["last_failure_at"]), str(s["last_status"] or "-"), s["last_error"] or "-",
        )
    return table


def lag_seconds_cell(relay: dict) -> str:
    """The services table's relay lag: unpublished events and how long the oldest waited."""
    return f"{relay['lag']} ({relay.get('lag_seconds', 0):.1f} s)"
