"""What the supervisor keeps per process: its restarts and its backoff."""

from __future__ import annotations

import subprocess
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

FIRST_BACKOFF, MAX_BACKOFF, STABLE_AFTER = 1.0, 30.0, 30.0


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
