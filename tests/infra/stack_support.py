"""Helpers for the tests that run the embedded stack: free ports, and the operator command."""

from __future__ import annotations

import random
import subprocess
import sys

from allianties_infra.embedded.ports import port_is_open


def free_port_base() -> int:
    """A base whose ports (services at base+1..4, mail at base+25) are free and below the kernel's
    ephemeral range (from 32768), where an outgoing connection could take one before we bind it."""
    while True:
        base = random.randrange(10_000, 32_000, 50)
        if not any(port_is_open("127.0.0.1", base + i) for i in (1, 2, 3, 4, 25)):
            return base


def cli(env: dict[str, str], *args: str, cwd: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "allianties_infra", *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120
    )
