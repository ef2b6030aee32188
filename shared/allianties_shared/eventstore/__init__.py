"""The append-only event store: PostgreSQL for real, in memory for fast tests of our own logic."""

from allianties_shared.eventstore.ports import EventStore, NewEvent, Position, StoreTransaction
from allianties_shared.eventstore.verification import ChainProblem, verify_chains

__all__ = ["ChainProblem", "EventStore", "NewEvent", "Position", "StoreTransaction", "verify_chains"]
