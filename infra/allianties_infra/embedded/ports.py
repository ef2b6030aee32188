from __future__ import annotations

import ctypes
import signal
import socket
import sys
import time
from collections.abc import Callable

_PR_SET_PDEATHSIG = 1


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def port_is_open(host: str, port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex((host, port)) == 0


def wait_for_port(host: str, port: int, timeout: float, what: str, *, alive: Callable[[], str | None] | None = None) -> None:
    """Wait until ``host:port`` accepts connections; ``alive()`` returns why the server ended, if it did."""
    deadline = time.monotonic() + timeout
    while not port_is_open(host, port):
        ended = alive() if alive is not None else None
        if ended is not None:
            raise RuntimeError(f"{what} ended before it listened on {host}:{port}: {ended}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} did not listen on {host}:{port} within {timeout:.0f}s")
        time.sleep(0.05)


def dies_with_parent(sig: signal.Signals) -> Callable[[], None] | None:
    """A ``preexec_fn`` that makes the child receive ``sig`` when its parent dies, even by SIGKILL,
    so a killed test run or launcher leaves no server behind (Linux; elsewhere nothing)."""
    if not sys.platform.startswith("linux"):
        return None

    def arm() -> None:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, int(sig))

    return arm
