"""An instance SIGKILLed in the middle of a send: its lease runs out and the other instance does the work,
at most once more, and the repeat is recognisable (the same Message-ID, the same CloudEvent id).

The first instance is a real process (``allianties-notificatie``), killed while the mail server or the
subscriber holds its request open: it got as far as the other side receiving, never as far as recording.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest

from allianties_infra.embedded import free_port
from allianties_shared.settings import PlatformSettings
from notificatie.bootstrap import bootstrap
from notificatie.domain.message_ids import message_id
from tests.notificatie.conftest import settings_for
from tests.notificatie.events import drafted, registered, submitted
from tests.notificatie.loopback import MailSink, Subscriber
from tests.notificatie.subscribing import delivery_log, subscribe
from tests.support import ServiceClient, eventually, running_service

pytestmark = pytest.mark.slow

LEASE_SECONDS = 3


def process_env(database_url: str, mail: MailSink, contacts_url: str, kafka_settings, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "NOTIFICATIE_DATABASE_URL": database_url,
        "NOTIFICATIE_HTTP_PORT": str(port),
        "NOTIFICATIE_AANVRAAG_URL": contacts_url,
        "NOTIFICATIE_SMTP_HOST": "127.0.0.1",
        "NOTIFICATIE_SMTP_PORT": str(mail.port),
        "NOTIFICATIE_TICK_SECONDS": "0.1",
        "NOTIFICATIE_LEASE_SECONDS": str(LEASE_SECONDS),
        "KAFKA_BOOTSTRAP_SERVERS": kafka_settings.bootstrap_servers,
        "KAFKA_TOPIC_PREFIX": kafka_settings.topic_prefix,
        "KAFKA_GROUP_PREFIX": kafka_settings.group_prefix,
        "KAFKA_SESSION_TIMEOUT_MS": str(kafka_settings.session_timeout_ms),
        "KAFKA_HEARTBEAT_INTERVAL_MS": str(kafka_settings.heartbeat_interval_ms),
        "KAFKA_PARTITIONS": str(kafka_settings.partitions),
        "LOG_LEVEL": "warning",
    }


@asynccontextmanager
async def instance_process(database_url: str, mail: MailSink, contacts_url: str, kafka_settings):
    """The first instance, as its own process; yields a client on its port and the process to kill."""
    port = free_port()
    command = [str(Path(sys.executable).parent / "allianties-notificatie")]
    process = subprocess.Popen(command, env=process_env(database_url, mail, contacts_url, kafka_settings, port))
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=5) as http:
            client = ServiceClient(None, http, PlatformSettings())

            async def ready() -> bool:
                if process.poll() is not None:
                    raise AssertionError(f"the notificatie process ended with {process.returncode}")
                try:
                    return (await http.get("/readyz")).status_code == 200
                except httpx.TransportError:
                    return False

            await eventually(ready, timeout=60, what="the notificatie process to be ready")
            yield client, process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def kill(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)


async def held(event, what: str) -> None:
    async def is_set() -> bool:
        return event.is_set()

    await eventually(is_set, timeout=30, what=what)


@pytest.fixture
def holding_mail():
    sink = MailSink(hold_first=True)
    sink.controller.start()
    yield sink
    sink.release.set()
    sink.controller.stop()


async def test_a_mail_whose_sender_was_killed_before_recording_it_goes_once_more_with_the_same_message_id(
    notificatie_database, holding_mail, contacts, kafka_settings, producer
):
    contacts.add("p-k", "gedood", "Iris Smit", "iris@example.org")
    async with instance_process(notificatie_database, holding_mail, contacts.url, kafka_settings) as (_, first):
        await producer.publish("aanvraag", "alliantie-gedood", registered("gedood", "p-k"))
        await producer.publish("aanvraag", "aanvraag-k1", submitted("gedood", "k1"))
        await held(holding_mail.holding, "the mail server to hold the first mail")
        kill(first)  # the server has the mail; the sender never heard "250 OK" and recorded nothing
    holding_mail.release.set()

    settings = settings_for(notificatie_database, holding_mail, contacts.url, lease_seconds=LEASE_SECONDS)
    async with running_service(bootstrap(settings), kafka_settings) as second:

        async def sent_again() -> bool:
            return len(holding_mail.to("iris@example.org")) == 2

        await eventually(sent_again, timeout=30, what="the mail sent again by the other instance after the lease ran out")
        await asyncio.sleep(1)  # and not a third time
        mails = holding_mail.to("iris@example.org")
        assert len(mails) == 2
        sent = (await second.request("GET", "/v1/berichten", role="auditor")).json()
        assert [(m["persoon_id"], m["status"]) for m in sent] == [("p-k", "verzonden")]  # recorded once
        assert mails[0]["Message-ID"] == mails[1]["Message-ID"] == message_id(sent[0]["notificatie_id"], "p-k")


async def test_a_delivery_whose_sender_was_killed_mid_post_is_delivered_once_more_with_the_same_event_id(
    notificatie_database, mail, contacts, kafka_settings, producer
):
    with Subscriber(hold_first=True) as subscriber:
        async with instance_process(notificatie_database, mail, contacts.url, kafka_settings) as (first_client, first):
            subscription = await subscribe(first_client, subscriber, types=["aanvraag-opgesteld", "aanvraag-ingediend"])
            await producer.publish("aanvraag", "aanvraag-d1", drafted("gedood", "d1"))
            await producer.publish("aanvraag", "aanvraag-d1", submitted("gedood", "d1"))
            await held(subscriber.holding, "the subscriber to hold the first delivery")
            kill(first)
        subscriber.release.set()

        settings = settings_for(notificatie_database, mail, contacts.url, lease_seconds=LEASE_SECONDS)
        async with running_service(bootstrap(settings), kafka_settings) as second:

            async def both_delivered() -> bool:
                return len(subscriber.received) == 2

            await eventually(both_delivered, timeout=30, what="both events delivered by the other instance")
            await asyncio.sleep(1)
            log = await delivery_log(second, subscription)

    first_arrival = subscriber.arrivals[0][1]
    assert [e["sequence"] for e in subscriber.received] == ["1", "2"]  # the stream's order kept across the kill
    assert subscriber.received[0]["id"] == first_arrival["id"]  # the repeat carries the same event id
    assert len(subscriber.arrivals) == 3  # the held POST, then each event once
    assert sorted(a["poging"] for a in log if a["gelukt"]) == [1, 1] and len(log) == 2
