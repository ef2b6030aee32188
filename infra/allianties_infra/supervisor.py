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
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from allianties_infra.stack import Stack

FIRST_BACKOFF, MAX_BACKOFF, STABLE_AFTER = 1.0, 30.0, 30.0
STATE_FILE = "supervisor.json"


@dataclass
class Supervised:
    """One process the supervisor keeps running, with its restarts and its backoff."""

    name: str
    restarts: int = 0
    last_exit: int | None = None
    failures: int = 0  # deaths in a row, each within STABLE_AFTER of its start
    due: float | None = None  # while down: when (monotonic) it starts again
    started: float = field(default_factory=time.monotonic)
    since: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    def schedule(self, exit_code: int | None) -> float:
        """It died: note how, and when to start it again."""
        now = time.monotonic()
        if now - self.started >= STABLE_AFTER:
            self.failures = 0
        delay = min(MAX_BACKOFF, FIRST_BACKOFF * 2**self.failures)
        self.failures += 1
        self.last_exit, self.due = exit_code, now + delay
        return delay

    def restarted(self) -> None:
        self.restarts += 1
        self.mark_started()

    def mark_started(self) -> None:
        self.due, self.started = None, time.monotonic()
        self.since = datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Instance(Supervised):
    """One process of one service; ``index`` counts from 0 within the service."""

    service: str = ""
    index: int = 0
    process: subprocess.Popen | None = None
    up: threading.Event = field(default_factory=threading.Event)  # its log said "service.started"

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    @property
    def state(self) -> str:
        if self.process is None or self.process.poll() is not None:
            return "down"
        return "up" if self.up.is_set() else "starting"


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
                self.stack.tend_postgres()
                self.stack.tend_broker()
                for instances in self.stack.instances().values():
                    for instance in instances:
                        self.stack.tend_instance(instance)
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

    def write_state(self) -> None:
        """``supervisor.json``: every process with its pid, state and restarts (written when it changes)."""
        state = {"pid": os.getpid(), "replicas": self.stack.config.replicas, "processes": self.stack.process_table()}
        text = json.dumps(state, indent=1)
        if text != self._written:
            temporary = self.state_file.with_suffix(".tmp")
            temporary.write_text(text)
            temporary.replace(self.state_file)
            self._written = text


def read_state(data_dir: Path) -> dict | None:
    """The running supervisor's state, or None when no stack runs on this data directory."""
    path = data_dir / STATE_FILE
    try:
        state = json.loads(path.read_text())
        os.kill(state["pid"], 0)
    except (OSError, ValueError, KeyError):
        return None
    return state
