"""The real components for the whole suite: one embedded PostgreSQL and one Tansu broker per run,
each on a free port, started by the test run itself. Every test gets its own database and its own
topic prefix, so tests never see each other's data."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from aanvraag.bootstrap import bootstrap
from aanvraag.settings import AanvraagSettings
from allianties_infra.embedded import EmbeddedKafka, EmbeddedPostgres, free_port
from allianties_shared import tracing
from allianties_shared.settings import KafkaSettings
from tests.support import migrated_pool, running_service

os.environ.setdefault("ALLIANTIES_AUTH_SECRET", "test-secret-that-is-long-enough-for-hs256")


@pytest.fixture(scope="session")
def postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedPostgres]:
    server = EmbeddedPostgres(tmp_path_factory.mktemp("pg") / "data", port=free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def kafka(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedKafka]:
    broker = EmbeddedKafka(port=free_port(), log_file=tmp_path_factory.mktemp("kafka") / "tansu.log")
    broker.start()
    yield broker
    broker.stop()


@pytest.fixture
def database_url(postgres: EmbeddedPostgres) -> Iterator[str]:
    name = f"t_{uuid.uuid4().hex[:12]}"
    postgres.create_database(name)
    yield postgres.dsn(name)


@pytest.fixture
async def pool(database_url: str) -> AsyncIterator[asyncpg.Pool]:
    async with migrated_pool(database_url) as pool:
        yield pool


@pytest.fixture
def kafka_settings(kafka: EmbeddedKafka) -> KafkaSettings:
    prefix = f"t{uuid.uuid4().hex[:8]}."
    return KafkaSettings(  # a group of its own per test too: Tansu 0.6 can wedge a group whose members left (README)
        bootstrap_servers=kafka.bootstrap_servers,
        topic_prefix=prefix,
        group_prefix=prefix,
        session_timeout_ms=2_000,
        heartbeat_interval_ms=300,
        partitions=3,
    )


@pytest.fixture(scope="session")
def artifacts() -> Path:
    path = Path(__file__).parent / "artifacts"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture
async def intake(database_url, kafka_settings):
    """The intake service, in this process, on the real database and broker."""
    async with running_service(bootstrap(AanvraagSettings(database_url=database_url)), kafka_settings) as client:
        yield client


@pytest.fixture
def spans():
    """Tracing on, into memory, for the services the test starts after this (ask for it before ``system``)."""
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracing.use_provider(provider)
    try:
        yield exporter
    finally:
        tracing.stop_tracing()
        provider.shutdown()
