"""The embedded stack's supervisor: what an orchestrator does for the processes of ``allianties run``.

A service process that dies is started again after a backoff (1 s, doubling to 30 s; back to 1 s
once a process has run for 30 s), and the other processes go on. A broker that dies is started
again, empty, and every service is asked to republish its store; PostgreSQL that dies is started
again on its data, and the services reconnect by themselves. Every restart is logged and counted,
and the counts go into ``<data>/supervisor.json`` for ``allianties status``.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING

from allianties_infra.supervised import Instance, Supervised

if TYPE_CHECKING:
    from allianties_infra.stack import Stack

RESTARTS_FAILED = (OSError, RuntimeError, subprocess.SubprocessError)  # a server that did not come up: try again later

STATE_FILE = "supervisor.json"


class Supervisor:
    """A thread that looks at every process of the stack a few times a second."""

    def __init__(self, stack: Stack, interval: float = 0.2) -> None:
        self.stack = stack
        self.interval = interval
        self.state_file = stack.config.data_dir / STATE_FILE
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._requests: queue.SimpleQueue[tuple[Callable[[], None], Future]] = queue.SimpleQueue()
        self._written = ""

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="supervisor", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=120)
        while not self._requests.empty():  # asked for while stopping: not done
            _, done = self._requests.get_nowait()
            done.set_exception(RuntimeError("the stack is stopping"))
        self.state_file.unlink(missing_ok=True)

    def call(self, action: Callable[[], None]) -> None:
        """Run ``action`` on the supervisor's thread and wait for it. A server started there lives as
        long as the stack: the kernel signals a child when the *thread* that started it ends
        (``PR_SET_PDEATHSIG``), so a caller's short-lived thread must not start one."""
        if self._thread is None or not self._thread.is_alive() or threading.current_thread() is self._thread:
            action()
            return
        done: Future = Future()
        self._requests.put((action, done))
        done.result()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            with self.stack.lock:
                if self._stop.is_set():
                    return
                self._answer_requests()
                self._tend_postgres()
                self._tend_broker()
                for instances in self.stack.instances().values():
                    for instance in instances:
                        self._tend_instance(instance)
                self.write_state()

    def _answer_requests(self) -> None:
        while not self._requests.empty():
            action, done = self._requests.get_nowait()
            try:
                action()
            except Exception as error:  # noqa: BLE001 - raised again in the caller's thread
                done.set_exception(error)
            else:
                done.set_result(None)

    # -- what it does, a few times a second, under the stack's lock -------------------------------

    def _tend_instance(self, instance: Instance) -> None:
        if instance.process is None or instance.process.poll() is None:
            return
        if instance.due is None:
            delay = instance.schedule(instance.process.returncode)
            self.stack.console.print(f"[red]{instance.name} (pid {instance.pid}) exited with code {instance.last_exit}; starting it again in {delay:.0f}s[/]")
        elif time.monotonic() >= instance.due:
            try:
                self.stack.launch(instance)
            except OSError as error:  # no process at all (out of memory, no fork): try again later
                delay = instance.schedule(None)
                self.stack.console.print(f"[red]{instance.name} could not be started ({error}); trying again in {delay:.0f}s[/]")
                return
            instance.restarted()
            self.stack.console.print(f"[yellow]{instance.name} started again (pid {instance.pid}; {instance.restarts} restarts)[/]")

    def _tend_broker(self) -> None:
        if self._down_and_due(self.stack.broker_record, self.stack.kafka.process):
            try:
                self.stack.kafka.start()
            except RESTARTS_FAILED as error:
                self.stack.console.print(f"[red]the broker did not start again: {error}[/]")
                return
            self.stack.broker_record.restarted()
            self.stack.console.print("[yellow]broker started again (empty): asking every service to republish[/]")
            threading.Thread(target=self._republish_in_background, name="republish", daemon=True).start()

    def _tend_postgres(self) -> None:
        if self._down_and_due(self.stack.postgres_record, self.stack.postgres.process):
            try:
                self.stack.postgres.clear_leftovers()
                self.stack.postgres.start()
            except RESTARTS_FAILED as error:
                self.stack.console.print(f"[red]PostgreSQL did not start again: {error}[/]")
                return
            self.stack.postgres_record.restarted()
            self.stack.console.print("[yellow]PostgreSQL started again on its data[/]")

    def _down_and_due(self, record: Supervised, process: subprocess.Popen | None) -> bool:
        """Whether a server that died is to be started now; schedules it when it is first seen dead."""
        if process is None or process.poll() is None:
            return False
        if record.due is None:
            delay = record.schedule(process.returncode)
            self.stack.console.print(f"[red]{record.name} (pid {process.pid}) exited with code {process.returncode}; starting it again in {delay:.0f}s[/]")
            return False
        if time.monotonic() < record.due:
            return False
        record.due = None  # a start that fails is seen dead, and scheduled, on the next look
        return True

    def _republish_in_background(self) -> None:
        from allianties_infra.stack import StackError

        try:
            self.stack.republish_all()
        except StackError as error:
            self.stack.console.print(f"[red]{error}[/]")

    def process_table(self) -> list[dict]:
        """What ``supervisor.json`` holds: every supervised process, its pid, state and restarts."""
        rows = [
            {"name": i.name, "service": i.service, "index": i.index, "pid": i.pid, "state": i.state, "restarts": i.restarts, "since": i.since, "last_exit": i.last_exit}
            for instances in self.stack.instances().values()
            for i in instances
        ]
        for record, process in ((self.stack.broker_record, self.stack.kafka.process), (self.stack.postgres_record, self.stack.postgres.process)):
            alive = process is not None and process.poll() is None
            rows.append({
                "name": record.name, "service": None, "index": None, "pid": process.pid if process else None,
                "state": "up" if alive else "down", "restarts": record.restarts, "since": record.since, "last_exit": record.last_exit,
            })
        return rows

    def write_state(self) -> None:
        """``supervisor.json``: every process with its pid, state and restarts (written when it changes)."""
        state = {"pid": os.getpid(), "replicas": self.stack.config.replicas, "processes": self.process_table()}
        text = json.dumps(state, indent=1)
        if text != self._written:
            self._written = text  # tried once per change
            temporary = self.state_file.with_suffix(".tmp")
            try:
                temporary.write_text(text)
                temporary.replace(self.state_file)
            except OSError as error:  # the status is the worse for it; supervising goes on
                self.stack.console.print(f"[red]could not write {self.state_file}: {error}[/]")


def read_state(data_dir: Path) -> dict | None:
    """The running supervisor's state, or None when no stack runs on this data directory."""
    path = data_dir / STATE_FILE
    try:
        state = json.loads(path.read_text())
        os.kill(state["pid"], 0)
    except (OSError, ValueError, KeyError):
        return None
    return state
