"""The workload of a chaos run (the demo, or intake rounds) and the wait for the system to settle afterwards."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from rich.console import Console

from allianties_infra import ops_client
from allianties_infra.demo import PHASES, intake, subscriptions
from allianties_infra.demo.client import DemoClient, DemoError
from allianties_infra.demo.state import RoundState
from allianties_infra.http_retry import RETRY_ERRORS, Exchange
from allianties_infra.stack import Stack
from allianties_infra.stack_config import StackConfig


@dataclass
class Workload:
    state: RoundState
    rounds: int = 0
    error: str | None = None
    journal: list[Exchange] = field(default_factory=list)


def run_workload(
    demo: DemoClient, kind: str, seconds: float | None, workload: Workload, started: float, faults_end: Callable[[], None]
) -> None:
    """The demo's phases (or intake rounds), with the subscriptions kept for the checks."""
    state = workload.state
    try:
        # The round's first moment before anyone subscribes: a delivery retried on the service's clock would
        # otherwise wait for a moment the clock, moved back to 2020, takes years to reach (a clock jump, not a fault).
        demo.set_time(intake.at(2020, 11, 9, 19, 0))
        if kind == "demo":
            for title, phase in PHASES:
                demo.console.rule(f"[bold]{title}")
                phase(demo, state)
                if seconds and time.monotonic() - started > seconds:
                    faults_end()
            workload.rounds = 1
            return
        subscriptions.run(demo, state)
        deadline = started + (seconds or 60)
        while workload.rounds == 0 or time.monotonic() < deadline:
            round_state = RoundState(run_id=uuid.uuid4().hex[:6])
            intake.run(demo, round_state)
            state.alliances += round_state.alliances
            state.applications.update(round_state.applications)
            workload.rounds += 1
            demo.console.print(f"[bold]intake round {workload.rounds} done[/] ({time.monotonic() - started:.0f}s)")
    except (DemoError, *RETRY_ERRORS) as error:
        workload.error = f"{type(error).__name__}: {error}"


def settle(stack: Stack, config: StackConfig, timeout: float, console: Console) -> str | None:
    """Wait until every instance runs and every relay and consumer group has caught up; None, or what did not."""
    headers = ops_client.operator_auth(config)
    deadline = time.monotonic() + timeout
    behind = "not asked yet"
    with console.status("settling: every instance up, every relay and consumer group caught up"):
        while time.monotonic() < deadline:
            down = [i.name for instances in stack.instances().values() for i in instances if i.state != "up"]
            behind = f"not up: {', '.join(down)}" if down else ""
            for target in ops_client.targets(config):
                state = ops_client.status(target, headers)
                if not state["running"]:
                    behind += f"; {target.service} not answering"
                elif state["relay"]["lag"]:
                    behind += f"; {target.service} relay {state['relay']['lag']} behind"
                else:
                    # One process answers for its own partitions only; the checks that follow wait out the rest.
                    if any(p["lag"] for c in state["consumers"] for p in c["partitions"]):
                        behind += f"; {target.service} consumers behind"
            if not behind.strip("; "):
                return None
            time.sleep(1)
    return behind.strip("; ")


