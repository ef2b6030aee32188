"""The shared application kit: run a command against one aggregate in one transaction, with retries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from allianties_shared.domain.actor import Actor
from allianties_shared.domain.aggregate import Aggregate
from allianties_shared.domain.errors import ConcurrencyError
from allianties_shared.events.recorded import EventMetadata, RecordedEvent
from allianties_shared.events.registry import EventRegistry
from allianties_shared.eventstore.ports import EventStore, NewEvent, StoreTransaction
from allianties_shared.tracing import current_context

A = TypeVar("A", bound=Aggregate)


@dataclass(frozen=True)
class CommandContext:
    """Who acts, and in the course of what: recorded on every event the command causes."""

    actor: Actor
    correlation_id: str
    causation_id: str | None = None

    def metadata(self) -> EventMetadata:
        traceparent, tracestate = current_context()  # the span the command runs in, when traced
        return EventMetadata(
            correlation_id=self.correlation_id,
            causation_id=self.causation_id,
            actor_id=self.actor.id,
            actor_role=self.actor.role.value,
            traceparent=traceparent,
            tracestate=tracestate,
        )


class Repository:
    """Loads aggregates by replaying their stream and saves what they recorded."""

    def __init__(self, registry: EventRegistry) -> None:
        self.registry = registry

    async def load(self, tx: StoreTransaction, cls: type[A], stream_id: str) -> A:
        recorded = await tx.read_stream(stream_id)
        return cls.replay(stream_id, (self.registry.decode(e.name, e.schema_version, e.data) for e in recorded))

    async def save(self, tx: StoreTransaction, aggregate: Aggregate, context: CommandContext) -> list[RecordedEvent]:
        expected, pending = aggregate.collect_pending()
        metadata = context.metadata()
        return await tx.append(
            aggregate.id, aggregate.stream_type, expected, [NewEvent.from_domain(e, metadata) for e in pending]
        )

    async def execute(
        self,
        store: EventStore,
        cls: type[A],
        stream_id: str,
        context: CommandContext,
        decide: Callable[[A], None],
        *,
        attempts: int = 3,
    ) -> tuple[A, list[RecordedEvent]]:
        """Load, decide, append; on a concurrent write start over on a fresh load, ``attempts`` times."""
        for attempt in range(1, attempts + 1):
            try:
                async with store.transaction() as tx:
                    aggregate = await self.load(tx, cls, stream_id)
                    decide(aggregate)
                    recorded = await self.save(tx, aggregate, context)
                return aggregate, recorded
            except ConcurrencyError:
                if attempt == attempts:
                    raise
        raise AssertionError("unreachable")
