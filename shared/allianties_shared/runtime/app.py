"""The app factory: FastAPI for HTTP, FastStream for Kafka, one lifespan that starts and stops both."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiokafka.abc import ConsumerRebalanceListener
from fastapi import FastAPI
from faststream.kafka import KafkaBroker

from allianties_shared.contracts import REGISTRIES
from allianties_shared.domain.clock import SettableClock, SystemClock
from allianties_shared.eventstore.checkpoints import PostgresCheckpoints
from allianties_shared.eventstore.migrations import migrate, shared_migrations
from allianties_shared.eventstore.pool import create_bounded_pool
from allianties_shared.eventstore.postgres import PostgresEventStore
from allianties_shared.http.api_version import API_VERSION, ApiVersionMiddleware
from allianties_shared.http.auth import TokenIssuer
from allianties_shared.http.body_limit import BodyLimitMiddleware
from allianties_shared.http.correlation import CorrelationIdMiddleware
from allianties_shared.http.idempotency import IdempotencyMiddleware
from allianties_shared.http.openapi_edge import document_edge_headers
from allianties_shared.http.openapi_rules import document_nl_api_rules
from allianties_shared.http.problems import install_problem_handlers
from allianties_shared.logging import get_logger
from allianties_shared.messaging.connection import faststream_security
from allianties_shared.messaging.consumer import IdempotentConsumer
from allianties_shared.messaging.dead_letter import DeadLetters
from allianties_shared.messaging.publisher import EventPublisher, new_producer
from allianties_shared.messaging.relay import OutboxRelay
from allianties_shared.messaging.subscription import subscribe
from allianties_shared.messaging.topics import ensure_topics
from allianties_shared.personal_data.vault import PersonalDataVault
from allianties_shared.regulation.loader import load_regulation
from allianties_shared.runtime.background import start_background
from allianties_shared.runtime.definition import ServiceDefinition
from allianties_shared.runtime.leadership import database_answers
from allianties_shared.runtime.ops import ops_router
from allianties_shared.runtime.state import ConsumerHandle, RunningService
from allianties_shared.settings import KafkaSettings, PlatformSettings
from allianties_shared.tracing import configure_tracing, instrument_app

log = get_logger(__name__)

CONSUMER_STOP_SECONDS = 2.0
"""At a shutdown, how long the message in hand may take to finish (part of ``SHUTDOWN_STOP_SECONDS``);
one cut short is not committed, so the group's next member gets it again."""


class _JoinListener(ConsumerRebalanceListener):
    def __init__(self, handle: ConsumerHandle) -> None:
        self.handle = handle

    async def on_partitions_revoked(self, revoked) -> None:
        self.handle.joined = False

    async def on_partitions_assigned(self, assigned) -> None:
        self.handle.joined = True


async def start_service(definition: ServiceDefinition, platform: PlatformSettings, kafka: KafkaSettings) -> RunningService:
    settings = definition.settings
    regulation = load_regulation(platform.regulation_file or None)  # a broken file stops the start, with the reason
    pool = await create_bounded_pool(
        settings.database_url, size=platform.db_pool_size, acquire_timeout=platform.db_pool_timeout_seconds
    )
    try:
        async with pool.acquire() as connection:
            applied = await migrate(connection, shared_migrations() + definition.primary_migrations + definition.migrations)
        if applied:
            log.info("database.migrated", applied=applied)
        consumed_topics = [kafka.topic(c.producer) for c in definition.consumes]
        await ensure_topics(
            kafka, [kafka.topic(definition.name), kafka.dead_letter_topic(definition.consumer_group), *consumed_topics]
        )  # the same list as RunningService.topics
        producer = new_producer(kafka)
        await producer.start()
    except BaseException:
        await pool.close()
        raise
    clock = SettableClock() if platform.settable_clock else SystemClock()
    store = PostgresEventStore(pool, definition.projectors, clock)
    checkpoints = PostgresCheckpoints(pool)
    publisher = EventPublisher(
        producer, kafka.topic(definition.name), oin=platform.oin, service=definition.name, schema_base_url=f"{settings.base_url}/schemas"
    )
    service = RunningService(
        definition=definition,
        platform=platform,
        kafka=kafka,
        pool=pool,
        store=store,
        checkpoints=checkpoints,
        vault=PersonalDataVault(pool),
        producer=producer,
        relay=OutboxRelay(store, checkpoints, publisher),
        regulation=regulation,
        clock=clock,
    )
    for hook in definition.on_start:  # wire the service's dependencies before any consumer can call them
        await hook(service)
    if definition.consumes and settings.consumers_enabled:
        service.broker = KafkaBroker(
            kafka.bootstrap_servers,
            security=faststream_security(kafka),
            metadata_max_age_ms=kafka.metadata_max_age_ms,
            logger=None,
            client_id=f"allianties-{definition.name}",
            graceful_timeout=CONSUMER_STOP_SECONDS,
        )
        dead_letters = DeadLetters(producer, kafka.dead_letter_topic(definition.consumer_group), definition.consumer_group)
        handlers = {name: h for c in definition.consumes for name, h in c.handlers.items()}
        consumer = IdempotentConsumer(
            definition.consumer_group,
            store,
            {c.producer: REGISTRIES[c.producer] for c in definition.consumes},
            handlers,
            dead_letters,
            max_attempts=kafka.max_attempts,
            database_answers=lambda: database_answers(pool),
        )
        handle = ConsumerHandle(consumer, consumed_topics, subscriber=None)
        handle.subscriber = subscribe(service.broker, consumer, consumed_topics, kafka, listener=_JoinListener(handle))
        service.consumers.append(handle)
        await service.broker.start()
    return service


async def stop_service(service: RunningService) -> None:
    if service.broker is not None:
        await service.broker.stop()
    await service.producer.stop()
    await service.pool.close()


def create_app(definition: ServiceDefinition, platform: PlatformSettings, kafka: KafkaSettings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        service = await start_service(definition, platform, kafka)
        app.state.service = service
        try:
            background = await start_background(service)  # the instance registry, the shared clock, relay and tickers
        except BaseException:
            await stop_service(service)
            raise
        log.info("service.started", port=definition.settings.http_port)
        try:
            yield
        finally:
            await background.stop()
            await stop_service(service)
            log.info("service.stopped")

    app = FastAPI(
        title=definition.title,
        version=API_VERSION,
        lifespan=lifespan,
        description=f"HTTP API of the `{definition.name}` service of the Amsterdam alliance subsidy regulation.",
    )
    app.state.tokens = TokenIssuer(platform.auth_secret.get_secret_value())
    if configure_tracing(definition.name):  # off unless the OTEL_* variables ask for traces
        instrument_app(app)
    app.add_middleware(IdempotencyMiddleware)  # innermost of the three: it sees the body the limit let through
    app.add_middleware(BodyLimitMiddleware, routes=lambda: app.routes, default_limit=platform.max_body_bytes)
    app.add_middleware(CorrelationIdMiddleware)  # every answer, a replayed one too, carries this request's id
    app.add_middleware(ApiVersionMiddleware)  # outermost: every answer carries the API's version
    install_problem_handlers(app)
    document_edge_headers(app)
    document_nl_api_rules(app, server_url=definition.settings.base_url)
    app.include_router(ops_router())
    for router in definition.routers:
        app.include_router(router)
    return app
