"""Idempotent consumers: an effect and the record that its event was processed commit together.

Flow per message: parse the CloudEvent (not parseable, or a type the producer never registered:
dead-letter at once), skip it when this consumer group processed its id before, otherwise run the
handler in one store transaction with the processed mark. A handler failure is retried a bounded
number of times; then the message goes to the dead-letter topic and the partition moves on. The
database being away (restarting, no connection free) is no failure of the handler: the message is
tried again, with a capped backoff, until the database answers, and never dead-lettered for it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

import structlog

from allianties_shared.domain.errors import ConcurrencyError, DomainError
from allianties_shared.domain.events import DomainEvent
from allianties_shared.events.envelope import CloudEvent, EnvelopeError
from allianties_shared.events.registry import EventRegistry, UnknownEventType
from allianties_shared.eventstore.database_errors import CONNECTION_LOST, DatabaseUnavailable
from allianties_shared.eventstore.ports import EventStore, StoreTransaction
from allianties_shared.logging import get_logger
from allianties_shared.messaging.dead_letter import DeadLetters, FailedMessage
from allianties_shared.tracing import consumer_span

log = get_logger(__name__)

DATABASE_AWAY = (*(e for e in CONNECTION_LOST if not issubclass(e, OSError)), DatabaseUnavailable)  # the driver's word for it

Handler = Callable[[StoreTransaction, CloudEvent, DomainEvent], Awaitable[None]]


@dataclass(frozen=True)
class Outcome:
    status: str  # "processed", "duplicate", "ignored", "dead-lettered"
    reason: str | None = None


class IdempotentConsumer:
    def __init__(
        self,
        group: str,
        store: EventStore,
        registries: Mapping[str, EventRegistry],
        handlers: Mapping[str, Handler],
        dead_letters: DeadLetters,
        *,
        max_attempts: int = 3,
        backoff_seconds: float = 0.05,
        outage_backoff_cap_seconds: float = 2.0,
        database_answers: Callable[[], Awaitable[bool]] | None = None,
    ) -> None:
        self.group = group
        self.store = store
        self.registries = registries
        self.handlers = handlers
        self.dead_letters = dead_letters
        self.max_attempts = max_attempts
        self.backoff_seconds = backoff_seconds
        self.outage_backoff_cap_seconds = outage_backoff_cap_seconds
        self.database_answers = database_answers
        """Asked after a network error (``OSError``): False means the database is away, not the handler broken."""
        self.counts: dict[str, int] = {}

    async def handle(self, message: FailedMessage) -> Outcome:
        with structlog.contextvars.bound_contextvars(topic=message.topic, partition=message.partition, offset=message.offset):
            outcome = await self._handle(message)
        self.counts[outcome.status] = self.counts.get(outcome.status, 0) + 1
        return outcome

    async def _handle(self, message: FailedMessage) -> Outcome:
        try:
            envelope = CloudEvent.from_bytes(message.value)
            name, version = envelope.name_and_version
            registry = self.registries.get(envelope.producer)
            if registry is None:
                raise UnknownEventType(envelope.type)
            event = registry.decode(name, version, envelope.data)
        except (EnvelopeError, UnknownEventType) as error:
            return await self._dead_letter(message, "unreadable", error, attempts=1)
        except ValueError as error:  # pydantic: data does not fit the registered model
            return await self._dead_letter(message, "invalid-data", error, attempts=1)

        handler = self.handlers.get(name)
        if handler is None:
            return Outcome("ignored")
        with (
            structlog.contextvars.bound_contextvars(
                event_id=str(envelope.id), stream_id=envelope.subject, correlation_id=envelope.correlationid
            ),
            consumer_span(envelope, self.group, message.topic) as span,
        ):
            outcome = await self._process(message, envelope, event, handler)
            if span is not None:
                span.set_attribute("allianties.outcome", outcome.status)
            return outcome

    async def _process(self, message: FailedMessage, envelope: CloudEvent, event: DomainEvent, handler: Handler) -> Outcome:
        attempt = 0  # tries that failed for a reason of the handler's own; the database being away does not count
        outages = 0
        while True:
            try:
                async with self.store.transaction() as tx:
                    if await tx.was_processed(self.group, envelope.id):
                        return Outcome("duplicate")
                    await handler(tx, envelope, event)
                    await tx.mark_processed(self.group, envelope.id)
                log.debug("consumer.processed", type=envelope.type)
                return Outcome("processed")
            except ConcurrencyError as error:
                reason, failure = "concurrency", error
            except DomainError as error:  # the event breaks a rule of ours: retrying will not help
                return await self._dead_letter(message, f"rule:{error.rule}", error, attempts=attempt + 1)
            except Exception as error:  # noqa: BLE001 - bounded: retried, then dead-lettered with the reason
                if await self._database_away(error):  # a good event is never dead-lettered because the database was away
                    outages += 1
                    delay = min(self.backoff_seconds * 2 ** min(outages - 1, 16), self.outage_backoff_cap_seconds)
                    log.warning("consumer.database_away", outages=outages, error=repr(error), retry_in=delay)
                    await asyncio.sleep(delay)
                    continue
                reason, failure = "handler-failed", error
            attempt += 1
            log.warning("consumer.attempt_failed", attempt=attempt, error=repr(failure))
            if attempt >= self.max_attempts:
                return await self._dead_letter(message, reason, failure, attempts=attempt)
            await asyncio.sleep(self.backoff_seconds * 2 ** (attempt - 1))

    async def _database_away(self, error: Exception) -> bool:
        """The driver says the database went away, or a network error and the database does not answer either."""
        if isinstance(error, DATABASE_AWAY):
            return True
        if isinstance(error, OSError) and self.database_answers is not None:
            return not await self.database_answers()
        return False

    async def _dead_letter(self, message: FailedMessage, reason: str, error: Exception, *, attempts: int) -> Outcome:
        await self.dead_letters.send(message, reason=reason, error=f"{type(error).__name__}: {error}", attempts=attempts)
        log.warning(
            "consumer.dead_lettered", reason=reason, topic=message.topic, partition=message.partition, offset=message.offset
        )
        return Outcome("dead-lettered", reason)
