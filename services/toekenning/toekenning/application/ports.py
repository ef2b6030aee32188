from __future__ import annotations

from dataclasses import dataclass, field

from allianties_shared.application import Repository
from allianties_shared.contracts.toekenning import registry
from allianties_shared.eventstore.ports import EventStore


@dataclass
class Dependencies:
    store: EventStore
    repository: Repository = field(default_factory=lambda: Repository(registry))
