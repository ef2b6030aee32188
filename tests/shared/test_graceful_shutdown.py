"""SIGTERM to a real service process (``allianties-toekenning``): /readyz answers 503 at once while the
port still takes connections for the drain, then the port closes; a request in flight (held on a
table lock the test owns) still gets its answer; what the consumers handled is committed, so the
group's next member starts after it; the process exits 0 within the grace. And a stopping service's
consumers leave their group (Tansu shows no difference between a member that left and one that
died, so that is seen at the client: aiokafka's LeaveGroup)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import asyncpg
import httpx
import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.consumer.group_coordinator import GroupCoordinator

from allianties_infra.embedded import free_port
from allianties_shared.settings import PlatformSettings
from tests.notificatie.conftest import Producer
from tests.notificatie.events import registered
from tests.support import ServiceClient, eventually, running_service
from toekenning.bootstrap import bootstrap
from toekenning.settings import ToekenningSettings

pytestmark = pytest.mark.slow

GRACE, DRAIN = 12, 2
SESSION_TIMEOUT_MS = 10_000  # as in production


def process_env(database_url: str, kafka_settings, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "TOEKENNING_DATABASE_URL": database_url,
        "TOEKENNING_HTTP_PORT": str(port),
        "KAFKA_BOOTSTRAP_SERVERS": kafka_settings.bootstrap_servers,
        "KAFKA_TOPIC_PREFIX": kafka_settings.topic_prefix,
        "KAFKA_GROUP_PREFIX": kafka_settings.group_prefix,
        "KAFKA_SESSION_TIMEOUT_MS": str(SESSION_TIMEOUT_MS),
        "KAFKA_HEARTBEAT_INTERVAL_MS": "500",
        "KAFKA_PARTITIONS": str(kafka_settings.partitions),
        "ALLIANTIES_SHUTDOWN_GRACE_SECONDS": str(GRACE),
        "ALLIANTIES_SHUTDOWN_DRAIN_SECONDS": str(DRAIN),
        "LOG_LEVEL": "warning",
    }


async def refused(url: str) -> bool:
    try:
        async with httpx.AsyncClient(timeout=1) as fresh:
            await fresh.get(f"{url}/healthz")
    except httpx.ConnectError:
        return True
    return False


async def waiting_on_a_lock(connection: asyncpg.Connection) -> bool:
    return bool(await connection.fetchval("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"))


async def test_sigterm_drains_then_finishes_the_request_in_flight_leaves_the_group_and_exits_0(database_url, kafka_settings):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [str(Path(sys.executable).parent / "allianties-toekenning")]
    process = subprocess.Popen(command, env=process_env(database_url, kafka_settings, port))
    locker = None
    try:
        async with httpx.AsyncClient(base_url=url, timeout=30) as http:
            client = ServiceClient(None, http, PlatformSettings())

            async def ready() -> bool:
                assert process.poll() is None, f"toekenning ended with {process.returncode}"
                try:
                    return (await http.get("/readyz")).status_code == 200
                except httpx.TransportError:
                    return False

            await eventually(ready, timeout=60, what="the toekenning process to be ready")
            producer = Producer(kafka_settings)
            await producer.producer.start()
            try:  # an event toekenning takes in and ignores: handled, so committed
                await producer.publish("aanvraag", "alliantie-stil", registered("stil", "p-1"))
            finally:
                await producer.producer.stop()

            async def handled() -> bool:
                status = (await client.request("GET", "/ops/status", role="operator")).json()
                return sum(sum(c["outcomes"].values()) for c in status["consumers"]) == 1

            await eventually(handled, what="toekenning to handle the event")

            locker = await asyncpg.connect(database_url)
            held = locker.transaction()
            await held.start()
            await locker.execute("LOCK TABLE assessments IN ACCESS EXCLUSIVE MODE")  # every read of it waits for the test
            in_flight = asyncio.create_task(client.request("GET", "/v1/beoordelingen", role="auditor"))
            await eventually(lambda: waiting_on_a_lock(locker), what="the request to wait on the lock")

            process.send_signal(signal.SIGTERM)
            signalled = time.monotonic()
            async with httpx.AsyncClient(timeout=2) as fresh:  # a new connection, as a probe makes
                readiness = await fresh.get(f"{url}/readyz")
            assert readiness.status_code == 503 and readiness.json()["status"] == "stopping"
            assert time.monotonic() - signalled < DRAIN

            await eventually(lambda: refused(url), timeout=DRAIN + 2, what="new connections refused after the drain")
            assert not in_flight.done() and process.poll() is None  # the request in flight holds the shutdown

            await held.rollback()
            answer = await in_flight
            assert answer.status_code == 200 and answer.json() == []

        code = await asyncio.to_thread(process.wait, GRACE)
        assert code == 0
        assert time.monotonic() - signalled < GRACE
    finally:
        if locker is not None:
            await locker.close()
        if process.poll() is None:
            process.kill()
            process.wait(10)

    successor = AIOKafkaConsumer(
        bootstrap_servers=kafka_settings.bootstrap_servers, group_id=kafka_settings.group_id("toekenning"), enable_auto_commit=False
    )
    await successor.start()
    try:
        partitions = [TopicPartition(kafka_settings.topic("aanvraag"), p) for p in range(kafka_settings.partitions)]
        ends = await successor.end_offsets(partitions)
        committed = {tp: await successor.committed(tp) or 0 for tp in partitions}
        assert sum(ends.values()) == 1 and committed == ends, "the handled event is committed; the next member starts after it"
    finally:
        await successor.stop()


async def test_a_stopping_service_s_consumers_leave_their_group(database_url, kafka_settings, monkeypatch):
    left: list[str] = []
    leave = GroupCoordinator._maybe_leave_group

    async def leaving(self) -> None:
        left.append(self.group_id)
        await leave(self)

    monkeypatch.setattr(GroupCoordinator, "_maybe_leave_group", leaving)
    async with running_service(bootstrap(ToekenningSettings(database_url=database_url)), kafka_settings) as assessment:

        async def joined() -> bool:
            return all(h.joined for h in assessment.service.consumers)

        await eventually(joined, what="toekenning's consumers in their group")
    assert left == [kafka_settings.group_id("toekenning")]
