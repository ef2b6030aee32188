"""`make run` as a new user would: the embedded stack in its own processes, the demo, Ctrl-C, a restart."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
import pytest

from allianties_infra.embedded.ports import free_port, port_is_open
from tests.infra.stack_support import cli, free_port_base

pytestmark = pytest.mark.slow


@pytest.fixture
def stack_env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "ALLIANTIES_DATA_DIR": str(tmp_path / "data"),
        "ALLIANTIES_PG_PORT": str(free_port()),
        "ALLIANTIES_KAFKA_PORT": str(free_port()),
        "ALLIANTIES_HTTP_PORT_BASE": str(free_port_base()),
        "COLUMNS": "200",
    }


def start(env: dict[str, str], log: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "allianties_infra", "run"], env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 120
    while "is running" not in log.read_text(errors="replace"):
        assert process.poll() is None, log.read_text()
        assert time.monotonic() < deadline, "the stack did not come up:\n" + log.read_text()
        time.sleep(0.3)
    return process


def interrupt(process: subprocess.Popen) -> int:
    process.send_signal(signal.SIGINT)
    return process.wait(60)


def processes_using(data_dir: str) -> list[psutil.Process]:
    found = []
    for p in psutil.process_iter(["cmdline", "environ"]):
        try:
            if any(data_dir in part for part in p.info["cmdline"] or []):
                found.append(p)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return found


def test_make_run_serves_the_demo_stops_cleanly_on_ctrl_c_and_keeps_its_data(stack_env, tmp_path):
    log = tmp_path / "run.log"
    base = int(stack_env["ALLIANTIES_HTTP_PORT_BASE"])
    process = start(stack_env, log)
    try:
        for port in range(base + 1, base + 5):
            assert httpx.get(f"http://127.0.0.1:{port}/readyz").json()["status"] == "ready"
        output = log.read_text()
        for role in ("penvoerder", "partner", "accounthouder", "beoordelaar", "besluitvormer", "auditor", "operator"):
            assert f"  {role}" in output, f"no development token printed for {role}"
        demo = cli(stack_env, "demo")
        assert demo.returncode == 0, demo.stdout + demo.stderr
        assert "verantwoording opened dossier" in demo.stdout
        status = cli(stack_env, "status")
        assert status.returncode == 0, status.stdout + status.stderr
        assert "ready" in status.stdout and "consumer groups" in status.stdout
    finally:
        code = interrupt(process)
    assert code == 0, log.read_text()[-3000:]
    assert processes_using(stack_env["ALLIANTIES_DATA_DIR"]) == [], "stray processes after Ctrl-C"
    assert not port_is_open("127.0.0.1", int(stack_env["ALLIANTIES_PG_PORT"]))
    assert not port_is_open("127.0.0.1", int(stack_env["ALLIANTIES_KAFKA_PORT"]))

    log = tmp_path / "second-run.log"
    process = start(stack_env, log)  # again, on the same data directory, with an empty broker
    try:
        token = cli(stack_env, "token", "--role", "auditor").stdout.strip()
        applications = httpx.get(
            f"http://127.0.0.1:{base + 1}/v1/aanvragen", headers={"Authorization": f"Bearer {token}"}
        ).json()
        submitted = [a for a in applications if a["status"] in ("ingediend", "aangevuld")]
        assert len(submitted) == 14, "PostgreSQL data survives a restart: the 14 applications of the 2021 round"
        grants = httpx.get(
            f"http://127.0.0.1:{base + 2}/v1/beoordelingen", headers={"Authorization": f"Bearer {token}"}
        ).json()
        assert any(a["status"] == "verleend" for a in grants), "every service keeps its data"
        status = cli(stack_env, "status")
        assert status.returncode == 0, status.stdout + status.stderr
    finally:
        assert interrupt(process) == 0
    assert processes_using(stack_env["ALLIANTIES_DATA_DIR"]) == []
