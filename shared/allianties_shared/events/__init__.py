"""Event contracts on the wire: the registry of versioned event types and the CloudEvents envelope."""

from allianties_shared.events.envelope import CloudEvent, EnvelopeError
from allianties_shared.events.recorded import EventMetadata, RecordedEvent
from allianties_shared.events.registry import EventRegistry, UnknownEventType

__all__ = [
    "CloudEvent",
    "EnvelopeError",
    "EventMetadata",
    "EventRegistry",
    "RecordedEvent",
    "UnknownEventType",
]
