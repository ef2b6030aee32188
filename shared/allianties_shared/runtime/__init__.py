"""Running a service: one FastAPI app with the event store, the relay and the Kafka consumers."""

from allianties_shared.runtime.app import create_app
from allianties_shared.runtime.definition import Consumption, ServiceDefinition

__all__ = ["Consumption", "ServiceDefinition", "create_app"]
