"""A test run or launcher that is killed outright must not leave PostgreSQL or the broker running."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from allianties_infra.embedded.ports import free_port, port_is_open

LAUNCH = """
import sys, time
from pathlib import Path
from allianties_infra.embedded import EmbeddedKafka, EmbeddedPostgres
pg = EmbeddedPostgres(Path(sys.argv[1]), port=int(sys.argv[2])); pg.start()
kafka = EmbeddedKafka(port=int(sys.argv[3])); kafka.start()
print("up", flush=True)
time.sleep(600)
"""


def test_servers_stop_when_the_process_that_started_them_is_killed(tmp_path: Path):
    pg_port, kafka_port = free_port(), free_port()
    parent = subprocess.Popen(
        [sys.executable, "-c", LAUNCH, str(tmp_path / "pg"), str(pg_port), str(kafka_port)], stdout=subprocess.PIPE, text=True
    )
    assert parent.stdout.readline().strip() == "up"
    assert port_is_open("127.0.0.1", pg_port) and port_is_open("127.0.0.1", kafka_port)
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 30
    while port_is_open("127.0.0.1", pg_port) or port_is_open("127.0.0.1", kafka_port):
        assert time.monotonic() < deadline, "a server outlived the process that started it"
        time.sleep(0.2)
