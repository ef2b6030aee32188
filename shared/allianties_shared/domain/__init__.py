"""The shared domain kit: what every service's domain layer may import (stdlib and pydantic only)."""

from allianties_shared.domain.actor import Actor, Role
from allianties_shared.domain.aggregate import Aggregate
from allianties_shared.domain.errors import (
    AccessDenied,
    ConcurrencyError,
    DomainError,
    NotFound,
    RuleViolation,
)
from allianties_shared.domain.events import DomainEvent

__all__ = [
    "AccessDenied",
    "Actor",
    "Aggregate",
    "ConcurrencyError",
    "DomainError",
    "DomainEvent",
    "NotFound",
    "Role",
    "RuleViolation",
]
