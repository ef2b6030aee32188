"""The audit report for a person: the alliance's timeline, then what was checked and what failed."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from allianties_infra.audit.run import AuditReport

SUMMARY_FIELDS = ("aanvraag_id", "beoordeling_id", "dossier_id", "prioriteit", "referentie", "sjabloon", "bedrag_per_jaar_centen")


def _summary(data: dict) -> str:
    parts = [f"{k}={data[k]}" for k in SUMMARY_FIELDS if k in data and data[k] is not None]
    return ", ".join(parts)


def print_report(report: AuditReport, console: Console) -> None:
    if report.alliance_id:
        title = f"history of alliance {report.alliance_id}" + (f" as of {report.as_of:%Y-%m-%d %H:%M %Z}" if report.as_of else "")
        timeline = Table(title=title, title_justify="left")
        for column in ("recorded", "service", "event", "stream", "v", "actor", "what"):
            timeline.add_column(column)
        for wire in report.history:
            event = wire.event
            timeline.add_row(
                f"{event.recorded_at:%Y-%m-%d %H:%M}",
                wire.producer,
                event.name,
                event.stream_id,
                str(event.version),
                event.metadata.actor_role,
                _summary(event.data),
            )
        console.print(timeline)
        if not report.history:
            console.print(f"[yellow]no events for alliance {report.alliance_id}[/]")
    checks = Table(title=f"verification of {report.events_on_topics} records on the topics", title_justify="left")
    for column in ("check", "checked", "result"):
        checks.add_column(column)
    for check in report.checks:
        result = "[green]passed[/]" if check.passed else f"[red]{len(check.failures)} failed[/]"
        if check.notes:
            result += f" ({len(check.notes)} noted)"
        checks.add_row(check.name, str(check.checked), result)
    console.print(checks)
    for check in report.checks:
        for failure in check.failures[:20]:
            console.print(f"[red]✗[/] {check.name}: {failure}")
        if len(check.failures) > 20:
            console.print(f"[red]…and {len(check.failures) - 20} more[/]")
    console.print("[bold green]verified[/]" if report.passed else "[bold red]verification failed[/]")
