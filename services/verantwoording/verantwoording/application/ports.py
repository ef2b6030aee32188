"""What the handlers need from the outside world; bootstrap wires real adapters, tests pass fakes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol
from uuid import UUID

from allianties_shared.application import Repository
from allianties_shared.contracts.verantwoording import registry
from allianties_shared.domain.personal_data import Sealed
from allianties_shared.eventstore.ports import EventStore
from allianties_shared.regulation.loader import packaged_regulation
from allianties_shared.regulation.model import Regeling

DEFAULT_REPORT_DAYS = 30


class PersonalData(Protocol):
    async def seal(self, subject: UUID, value: str) -> Sealed:
        """Encrypt ``value`` with the key of ``subject`` (created on first use)."""
        ...


def report_days(regulation: Regeling, period_start: date) -> int:
    """The reporting term of the round the grant belongs to: the round whose grant period starts then,
    else the latest round that started before it."""
    rounds = sorted((r for r in regulation.rondes if r.subsidieperiode.start <= period_start), key=lambda r: r.subsidieperiode.start)
    exact = [r for r in rounds if r.subsidieperiode.start == period_start]
    chosen = exact or rounds[-1:]
    return chosen[0].rapportagetermijn_dagen if chosen else DEFAULT_REPORT_DAYS


@dataclass
class Regulation:
    """The regulation the running service loaded (set at start-up); the packaged one until then."""

    loaded: Regeling | None = None

    def report_days(self, period_start: date) -> int:
        return report_days(self.loaded or packaged_regulation(), period_start)


@dataclass
class Dependencies:
    store: EventStore
    personal_data: PersonalData
    clock: Callable[[], datetime]
    regulation: Regulation = field(default_factory=Regulation)
    repository: Repository = field(default_factory=lambda: Repository(registry))
