"""Helpers for handlers that react to another service's event inside the consumer's transaction."""

from __future__ import annotations

from allianties_shared.application import CommandContext
from allianties_shared.domain.actor import Actor
from allianties_shared.events.envelope import CloudEvent


def reaction_context(service: str, envelope: CloudEvent) -> CommandContext:
    """The service acts as the system, in the same correlation, caused by the consumed event."""
    return CommandContext(actor=Actor.system(service), correlation_id=envelope.correlationid, causation_id=str(envelope.id))
