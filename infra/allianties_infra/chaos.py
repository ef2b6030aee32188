"""``allianties chaos``: a workload on N instances per service while processes are killed, then checks.

The harness starts its own embedded stack (its own data directory and free ports) with two
instances per service and runs a workload through the retrying client: the whole demo, or intake
rounds for a bounded time (``chaos_workload``). Meanwhile a killer SIGKILLs random service
processes at random intervals and restarts the broker once, and PostgreSQL once in the demo
workload (``chaos_faults``), printing every fault as it happens. Then it lets the system settle
and checks what ``chaos_checks`` describes, and the audit; it prints a table of what it checked.
"""

from __future__ import annotations

import json
import random
import shutil
import tempfile
import time
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path

from rich.console import Console
from rich.table import Table

from allianties_infra.audit.verification import Check
from allianties_infra.chaos_checks import Evidence, checks_until_they_pass
from allianties_infra.chaos_faults import Fault, Killer, free_stack_config
from allianties_infra.chaos_workload import Workload, run_workload, settle
from allianties_infra.demo.client import DemoClient
from allianties_infra.demo.state import RoundState
from allianties_infra.http_retry import RetryPolicy
from allianties_infra.stack import Stack, StackError

WORKLOADS = ("demo", "intake")


@dataclass
class ChaosOptions:
    workload: str = "demo"  # "demo": the whole demo once; "intake": intake rounds until ``seconds`` have passed
    seconds: float | None = None  # the intake workload's length (default 60); for the demo, when the faults stop
    replicas: int = 2
    kill_every: tuple[float, float] = (3.0, 9.0)  # seconds between two kills, drawn uniformly
    restart_postgres: bool | None = None  # default: in the demo workload only
    seed: int | None = None
    data_dir: Path | None = None  # default: a fresh temporary folder
    report: Path | None = None  # where to write the outcome as JSON
    settle_timeout: float = 300.0  # how long effects may take to settle after the workload (not latency)
    retry_seconds: float = 90.0  # the clients' total retry time per request


@dataclass
class ChaosResult:
    checks: list[Check] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    workload: Workload | None = None

    @property
    def passed(self) -> bool:
        return bool(self.checks) and all(c.passed for c in self.checks)


def execute(options: ChaosOptions, console: Console) -> ChaosResult:
    """Start the stack, run the workload under faults, settle, check; the stack is stopped in every case."""
    data_dir = options.data_dir or Path(tempfile.mkdtemp(prefix="allianties-chaos-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    config = free_stack_config(data_dir, options.replicas)
    stack_log = (data_dir / "stack-console.log").open("w", encoding="utf-8")
    stack = Stack(config, console=Console(file=stack_log, width=200))
    workload = Workload(RoundState(run_id=uuid.uuid4().hex[:6], keep_subscriptions=True))
    result = ChaosResult(workload=workload)
    console.print(f"chaos: {options.replicas} instances per service, data in {data_dir}, the stack's output in {stack_log.name}")
    try:
        with console.status("starting the stack"):
            stack.start()
        demo = DemoClient(console, config, policy=RetryPolicy(total=options.retry_seconds), on_exchange=workload.journal.append, patience=6)
        workload.state.run_id = demo.run_id
        started = time.monotonic()
        with_postgres = options.restart_postgres if options.restart_postgres is not None else options.workload == "demo"
        killer = Killer(stack, options.kill_every, with_postgres, console, random.Random(options.seed), started)
        result.faults = killer.faults
        killer.start()
        run_workload(demo, options.workload, options.seconds, workload, started, killer.stopping.set)
        killer.stop()
        if not killer.count("broker"):
            killer.restart("broker", stack.restart_broker)
        console.rule(f"[bold]workload done after {time.monotonic() - started:.0f}s; settling")
        unsettled = settle(stack, config, options.settle_timeout, console)
        result.checks = [
            Check("workload completed", 1, [workload.error] if workload.error else []),
            Check("restarts came back", killer.count("broker") + killer.count("postgres"),
                  [f"{f.what} restart failed: {f.error}" for f in killer.faults if f.error]),
            Check("system settled", 1, [unsettled] if unsettled else []),
        ]

        def evidence() -> Evidence:
            received = {name: (workload.state.subscriptions[name], [e["id"] for e in list(s.received)])
                        for name, s in workload.state.subscribers.items()}
            faults = killer.count("kill", "notificatie") + killer.count("postgres")
            return Evidence(workload.journal, received, faults, next(iter(workload.state.alliances), None))

        result.checks += checks_until_they_pass(config, evidence, options.settle_timeout, console)
    finally:
        for subscriber in workload.state.subscribers.values():
            subscriber.close()
        stack.stop()
        stack_log.close()
    return result


def print_result(result: ChaosResult, console: Console) -> None:
    journal = result.workload.journal if result.workload else []

    def count(what: str) -> int:
        return sum(1 for f in result.faults if f.what == what)

    console.print(
        f"\n{count('kill')} processes killed, the broker restarted {count('broker')}×, PostgreSQL {count('postgres')}×; "
        f"{len(journal)} requests ({sum(1 for e in journal if e.is_write)} writes), {sum(1 for e in journal if e.attempts > 1)} retried"
    )
    table = Table(title="what the fault-injection run checked", title_justify="left")
    for column in ("check", "checked", "result"):
        table.add_column(column)
    for check in result.checks:
        outcome = "[green]passed[/]" if check.passed else f"[red]{len(check.failures)} failed[/]"
        table.add_row(check.name, str(check.checked), outcome + (f" ({len(check.notes)} noted)" if check.notes else ""))
    console.print(table)
    for check in result.checks:
        for failure in check.failures[:10]:
            console.print(f"[red]✗[/] {check.name}: {failure}")
        if len(check.failures) > 10:
            console.print(f"[red]…and {len(check.failures) - 10} more[/]")
    console.print("[bold green]every check passed[/]" if result.passed else "[bold red]the fault-injection run found problems[/]")


def write_report(path: Path, result: ChaosResult) -> None:
    journal = result.workload.journal if result.workload else []
    report = {
        "passed": result.passed,
        "faults": [f.__dict__ for f in result.faults],
        "rounds": result.workload.rounds if result.workload else 0,
        "requests": len(journal),
        "retried": sum(1 for e in journal if e.attempts > 1),
        "checks": [{"name": c.name, "checked": c.checked, "passed": c.passed, "failures": c.failures[:50], "notes": c.notes[:50]}
                   for c in result.checks],
    }
    path.write_text(json.dumps(report, indent=2), encoding="utf-8")


def run_chaos(options: ChaosOptions, console: Console) -> int:
    """``allianties chaos``: 0 when every check passed, 1 otherwise. A temporary data directory is removed
    after a run that passed and kept (logs, mails, databases) after one that did not."""
    temporary = options.data_dir is None
    if temporary:
        options = replace(options, data_dir=Path(tempfile.mkdtemp(prefix="allianties-chaos-")))
    try:
        result = execute(options, console)
    except StackError as error:
        console.print(f"[red]the stack did not start: {error}[/]")
        return 1
    print_result(result, console)
    if options.report:
        write_report(options.report, result)
    if temporary and result.passed:
        shutil.rmtree(options.data_dir, ignore_errors=True)
    else:
        console.print(f"logs, mails and databases of this run: {options.data_dir}")
    return 0 if result.passed else 1
