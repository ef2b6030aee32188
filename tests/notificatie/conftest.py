"""Notificatie on the real database and broker, with a real SMTP server and real HTTP servers on loopback."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import datetime

import pytest

from allianties_shared.contracts import REGISTRIES
from allianties_shared.domain import DomainEvent
from allianties_shared.events.recorded import GENESIS_HASH, EventMetadata
from allianties_shared.eventstore.ports import NewEvent, chain
from allianties_shared.messaging.publisher import EventPublisher, new_producer
from allianties_shared.messaging.topics import ensure_topics
from allianties_shared.settings import PlatformSettings
from notificatie.bootstrap import bootstrap
from notificatie.settings import NotificatieSettings
from tests.notificatie.loopback import FakeContacts, MailSink
from tests.support import running_service


@pytest.fixture
def mail() -> Iterator[MailSink]:
    sink = MailSink()
    sink.controller.start()
    yield sink
    sink.controller.stop()


@pytest.fixture
def contacts() -> Iterator[FakeContacts]:
    with FakeContacts() as server:
        yield server


@pytest.fixture
def notificatie_database(postgres) -> str:
    name = f"n_{uuid.uuid4().hex[:12]}"
    postgres.create_database(name)
    return postgres.dsn(name)


def settings_for(database_url: str, mail: MailSink, aanvraag_url: str, **overrides) -> NotificatieSettings:
    fast = {"tick_seconds": 0.1, "delivery_backoff_seconds": 0.05, "delivery_backoff_cap_seconds": 0.2, "delivery_max_attempts": 3}
    return NotificatieSettings(
        database_url=database_url, aanvraag_url=aanvraag_url, smtp_host="127.0.0.1", smtp_port=mail.port, **(fast | overrides)
    )


@pytest.fixture
async def notificatie(notificatie_database, mail, contacts, kafka_settings):
    """Notificatie with a clock the test can set, mailing the SMTP sink, resolving through the fake contacts API."""
    definition = bootstrap(settings_for(notificatie_database, mail, contacts.url))
    async with running_service(definition, kafka_settings, platform=PlatformSettings(settable_clock=True)) as client:
        yield client


class Producer:
    """Puts events on another service's topic, exactly as that service's relay would."""

    def __init__(self, kafka_settings) -> None:
        self.kafka = kafka_settings
        self.producer = new_producer(kafka_settings)
        self.versions: dict[str, int] = {}

    async def publish(self, service: str, stream_id: str, event: DomainEvent, *, at: datetime | None = None) -> str:
        assert event.name in REGISTRIES[service]
        version = self.versions.get(stream_id, 0)
        new = NewEvent.from_domain(event, EventMetadata(correlation_id="test", actor_id=f"systeem:{service}", actor_role="systeem"))
        (recorded,) = chain(stream_id, stream_id.split("-")[0], version, GENESIS_HASH, [new], at or datetime.now().astimezone())
        self.versions[stream_id] = version + 1
        publisher = EventPublisher(self.producer, self.kafka.topic(service), oin="00000001002564440000", service=service, schema_base_url="http://x/schemas")
        await publisher.publish([recorded])
        return str(recorded.event_id)


@pytest.fixture
async def producer(kafka_settings) -> AsyncIterator[Producer]:
    await ensure_topics(kafka_settings, [kafka_settings.topic(s) for s in REGISTRIES])
    made = Producer(kafka_settings)
    await made.producer.start()
    yield made
    await made.producer.stop()
