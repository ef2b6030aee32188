"""The embedded stack as an orchestrator: two processes per service on one port, and whatever dies
(a service process, the broker, PostgreSQL) is started again while the rest goes on.

One stack serves every test here, in test order: each fault is repaired before the next one."""

from __future__ import annotations

import asyncio
import os
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterator

import httpx
import pytest
from rich.console import Console

from allianties_infra.audit.reader import read_topics
from allianties_infra.embedded.ports import free_port
from allianties_infra.stack import Stack
from allianties_infra.stack_config import SERVICE_PORTS, StackConfig
from allianties_infra.tokens import issue
from allianties_shared.domain import Role
from allianties_shared.settings import KafkaSettings
from tests.aanvraag.examples import ALLIANCE
from tests.infra.stack_support import cli, free_port_base

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    data = tmp_path_factory.mktemp("supervised")
    base = free_port_base()
    config = StackConfig(
        data_dir=data, postgres_port=free_port(), kafka_port=free_port(), smtp_port=base + 25, replicas=2,
        service_ports={service: base + offset for offset, service in enumerate(SERVICE_PORTS, start=1)},
    )
    with (data / "stack.log").open("w") as log:
        running = Stack(config, Console(file=log, width=200))
        try:
            running.start()
            yield running
        finally:
            running.stop()


@pytest.fixture(scope="module")
def env(stack: Stack) -> dict[str, str]:
    """What the operator command needs to find this stack."""
    return {
        **os.environ,
        "ALLIANTIES_DATA_DIR": str(stack.config.data_dir),
        "ALLIANTIES_PG_PORT": str(stack.config.postgres_port),
        "ALLIANTIES_KAFKA_PORT": str(stack.config.kafka_port),
        "ALLIANTIES_HTTP_PORT_BASE": str(stack.config.smtp_port - 25),
        "COLUMNS": "200",
    }


def wait_for(check: Callable[[], bool], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out after {timeout:.0f}s waiting for {what}"
        time.sleep(0.2)


def all_ready(stack: Stack) -> bool:
    try:
        return all(httpx.get(f"{stack.config.service_url(s)}/readyz", timeout=2).status_code == 200 for s in SERVICE_PORTS)
    except httpx.HTTPError:
        return False


def register_alliance(stack: Stack) -> str:
    alliance = f"sup-{uuid.uuid4().hex[:8]}"
    token = issue(stack.secret, Role.PENVOERDER, alliances=(alliance,))
    response = httpx.post(
        f"{stack.config.service_url('aanvraag')}/v1/allianties",
        json={**ALLIANCE, "alliantie_id": alliance}, headers={"Authorization": f"Bearer {token}"}, timeout=10,
    )
    assert response.status_code == 201, response.text
    return alliance


def feed(stack: Stack) -> list[dict]:
    """notificatie's feed: every event its consumers took in, once."""
    token = issue(stack.secret, Role.AUDITOR)
    response = httpx.get(
        f"{stack.config.service_url('notificatie')}/v1/gebeurtenissen", params={"limit": 1000},
        headers={"Authorization": f"Bearer {token}"}, timeout=10,
    )
    return response.json() if response.status_code == 200 else []


def consumed(stack: Stack, alliance: str) -> list[str]:
    """The ids of the alliance's own events in notificatie's feed."""
    return [item["event"]["id"] for item in feed(stack) if item["event"]["subject"] == f"alliantie-{alliance}"]


def test_a_killed_service_process_is_started_again_while_its_twin_answers_on_the_same_port(stack, env):
    victim = stack.instances()["aanvraag"][0]
    process, url = victim.process, stack.config.service_url("aanvraag")
    stack.kill_instance("aanvraag", 0)
    process.wait(10)
    answers = [httpx.get(f"{url}/healthz", timeout=2).status_code for _ in range(20)]  # a new connection each
    assert answers == [200] * 20, "the other process answers on the port while the killed one is down"

    wait_for(lambda: victim.restarts == 1 and victim.state == "up", "the killed process to be started again")
    assert victim.pid != process.pid
    assert [i.state for i in stack.instances()["aanvraag"]] == ["up", "up"]
    wait_for(lambda: all_ready(stack), "every service to be ready")

    status = cli(env, "status")
    assert status.returncode == 0, status.stdout + status.stderr
    rows = {m["name"]: m for m in re.finditer(r"(?P<name>\w+-\d)\s*│\s*(?P<pid>\d+)\s*│\s*(?P<state>\w+)\s*│\s*(?P<restarts>\d+)", status.stdout)}
    assert set(rows) == {f"{s}-{i}" for s in SERVICE_PORTS for i in (0, 1)}, status.stdout
    assert (rows["aanvraag-0"]["pid"], rows["aanvraag-0"]["restarts"]) == (str(victim.pid), "1"), status.stdout
    assert rows["aanvraag-1"]["restarts"] == "0"


def on_the_topic(stack: Stack) -> set[str]:
    """The streams whose events the broker holds on aanvraag's topic now."""
    wire, _ = asyncio.run(read_topics(KafkaSettings(bootstrap_servers=stack.config.kafka_bootstrap), services=("aanvraag",)))
    return {w.event.stream_id for w in wire}


def test_a_killed_broker_is_started_again_and_events_from_before_and_after_reach_the_consumers(stack):
    before = register_alliance(stack)
    wait_for(lambda: len(consumed(stack, before)) == 1, "notificatie to take in the event from before")
    broker = stack.kafka.process
    broker.kill()
    wait_for(lambda: stack.broker_record.restarts == 1 and stack.kafka.process is not broker, "the broker to be started again")
    after = register_alliance(stack)

    wait_for(lambda: len(consumed(stack, after)) == 1, "notificatie to take in the event from after the restart")
    wait_for(lambda: f"alliantie-{before}" in on_the_topic(stack), "the event from before to be republished to the new broker")
    assert len(consumed(stack, before)) == 1, "the republished event from before is taken in once, not twice"
    wait_for(lambda: all_ready(stack), "every service to be ready on the new broker")


def test_a_broker_restarted_from_a_thread_that_ends_keeps_running(stack):
    """The chaos harness restarts from its own threads; a child started by a thread that ends would be
    signalled by the kernel (PR_SET_PDEATHSIG), so the stack starts it on the supervisor's thread."""
    caller = threading.Thread(target=stack.restart_broker)
    caller.start()
    caller.join(120)
    time.sleep(1)
    assert stack.kafka.process.poll() is None, "the broker outlives the thread that asked for its restart"
    assert stack.broker_record.restarts == 2
    wait_for(lambda: all_ready(stack), "every service to be ready on the new broker")


def test_a_killed_postgres_is_started_again_on_its_data_and_the_services_answer_again(stack):
    alliance = register_alliance(stack)
    postgres = stack.postgres.process
    postgres.kill()
    wait_for(lambda: stack.postgres_record.restarts == 1 and stack.postgres.process is not postgres, "PostgreSQL to be started again")
    wait_for(lambda: all_ready(stack), "every service to answer again", timeout=90)

    token = issue(stack.secret, Role.AUDITOR)
    kept = httpx.get(f"{stack.config.service_url('aanvraag')}/v1/allianties/{alliance}", headers={"Authorization": f"Bearer {token}"})
    assert kept.status_code == 200, "the data from before the crash is still there"
    assert register_alliance(stack), "and the service takes new commands"
