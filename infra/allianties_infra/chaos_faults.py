"""The faults of a chaos run: random SIGKILLs of service processes, one broker restart, one PostgreSQL restart."""

from __future__ import annotations

import random
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console

from allianties_infra.embedded.ports import free_port, port_is_open
from allianties_infra.stack import Stack, StackError
from allianties_infra.stack_config import SERVICE_PORTS, StackConfig


@dataclass
class Fault:
    at: float  # seconds since the workload started
    what: str  # "kill", "broker", "postgres"
    service: str | None = None
    index: int | None = None
    pid: int | None = None
    error: str | None = None  # a restart that did not come back


def free_stack_config(data_dir: Path, replicas: int) -> StackConfig:
    """A stack on free ports: services at base+1..4 and the mail sink at base+25 below the kernel's
    ephemeral range (from 32768), where an outgoing connection could take one before we bind it."""
    while True:
        base = random.randrange(10_000, 32_000, 50)
        if not any(port_is_open("127.0.0.1", base + i) for i in (1, 2, 3, 4, 25)):
            break
    return StackConfig(
        data_dir=data_dir,
        postgres_port=free_port(),
        kafka_port=free_port(),
        service_ports={service: base + offset for service, offset in zip(SERVICE_PORTS, range(1, 5), strict=True)},
        smtp_port=base + 25,
        replicas=replicas,
    )


class Killer(threading.Thread):
    """SIGKILLs a random process of a service every few seconds, the services in a shuffled turn (so a short
    run hits each of them); restarts the broker after the second kill and PostgreSQL after the fifth
    (when asked). Every fault is printed as it happens."""

    def __init__(
        self, stack: Stack, kill_every: tuple[float, float], restart_postgres: bool, console: Console, rng: random.Random, started: float
    ) -> None:
        super().__init__(name="chaos-killer", daemon=True)
        self.stack, self.kill_every, self.restart_postgres = stack, kill_every, restart_postgres
        self.console, self.rng, self.started = console, rng, started
        self.faults: list[Fault] = []
        self.stopping = threading.Event()
        self.turn: list[str] = []

    def run(self) -> None:
        while not self.stopping.wait(self.rng.uniform(*self.kill_every)):
            self.kill_one()
            kills = sum(1 for f in self.faults if f.what == "kill")
            if kills == 2:
                self.restart("broker", self.stack.restart_broker)
            if kills == 5 and self.restart_postgres:
                self.restart("postgres", self.stack.restart_postgres)

    def kill_one(self) -> None:
        instances = self.stack.instances()
        if not self.turn:
            self.turn = self.rng.sample(sorted(instances), len(instances))
        service = self.turn.pop()
        live = [i for i in instances[service] if i.state == "up"]
        if not live:
            return
        victim = self.rng.choice(live)
        try:
            pid = self.stack.kill_instance(service, victim.index, signal.SIGKILL)
        except (StackError, ProcessLookupError):
            return  # it died by itself a moment ago
        fault = self._record("kill", service, victim.index, pid)
        self.console.print(f"[red]✝ {fault.at:6.1f}s SIGKILL {service}-{victim.index} (pid {pid})[/]")

    def restart(self, what: str, action: Callable[[], None]) -> None:
        fault = self._record(what)
        self.console.print(f"[red]↻ {fault.at:6.1f}s restarting {'the broker' if what == 'broker' else 'PostgreSQL'}[/]")
        try:
            action()
        except StackError as error:
            fault.error = str(error)
            self.console.print(f"[red]↻ {what} did not come back: {error}[/]")
            return
        self.console.print(f"[green]↻ {time.monotonic() - self.started:6.1f}s {what} back[/]")

    def _record(self, what: str, service: str | None = None, index: int | None = None, pid: int | None = None) -> Fault:
        fault = Fault(round(time.monotonic() - self.started, 1), what, service, index, pid)
        self.faults.append(fault)
        return fault

    def stop(self) -> None:
        self.stopping.set()
        self.join()

    def count(self, what: str, service: str | None = None) -> int:
        return sum(1 for f in self.faults if f.what == what and (service is None or f.service == service))


