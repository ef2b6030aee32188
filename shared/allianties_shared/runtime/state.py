"""The live parts of a running service, reachable from routes as ``request.app.state.service``."""

from __future__ import annotations

from dataclasses import dataclass, field

import asyncpg
from aiokafka import AIOKafkaProducer
from faststream.kafka import KafkaBroker

from allianties_shared.domain.clock import Clock, SystemClock
from allianties_shared.eventstore.checkpoints import PostgresCheckpoints
from allianties_shared.eventstore.postgres import PostgresEventStore
from allianties_shared.messaging.consumer import IdempotentConsumer
from allianties_shared.messaging.relay import OutboxRelay
from allianties_shared.personal_data.vault import PersonalDataVault
from allianties_shared.regulation.model import Regeling
from allianties_shared.runtime.definition import ServiceDefinition
from allianties_shared.runtime.instances import InstanceRegistry
from allianties_shared.runtime.leadership import LeaderLock
from allianties_shared.runtime.shared_clock import SharedClock
from allianties_shared.settings import KafkaSettings, PlatformSettings


@dataclass
class ConsumerHandle:
    consumer: IdempotentConsumer
    topics: list[str]
    subscriber: object
    joined: bool = False


@dataclass
class RunningService:
    definition: ServiceDefinition
    platform: PlatformSettings
    kafka: KafkaSettings
    pool: asyncpg.Pool
    store: PostgresEventStore
    checkpoints: PostgresCheckpoints
    vault: PersonalDataVault
    producer: AIOKafkaProducer
    relay: OutboxRelay
    regulation: Regeling
    clock: Clock = field(default_factory=SystemClock)
    broker: KafkaBroker | None = None
    consumers: list[ConsumerHandle] = field(default_factory=list)
    extras: dict[str, object] = field(default_factory=dict)
    shared_clock: SharedClock | None = None
    """The settable clock kept in the service's database (only with ``ALLIANTIES_SETTABLE_CLOCK``)."""
    instances: InstanceRegistry | None = None
    relay_leader: LeaderLock | None = None
    ticker_leader: LeaderLock | None = None

    @property
    def name(self) -> str:
        return self.definition.name

    @property
    def topics(self) -> list[str]:
        """Every topic this service writes to or reads from."""
        own = [self.kafka.topic(self.name), self.kafka.dead_letter_topic(self.definition.consumer_group)]
        return own + [self.kafka.topic(c.producer) for c in self.definition.consumes]
