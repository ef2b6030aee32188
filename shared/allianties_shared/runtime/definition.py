"""What a service tells the runtime about itself; its ``bootstrap.py`` builds one."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from fastapi import APIRouter

from allianties_shared.events.registry import EventRegistry
from allianties_shared.eventstore.postgres import Projector
from allianties_shared.messaging.consumer import Handler
from allianties_shared.settings import ServiceSettings


@dataclass(frozen=True)
class Consumption:
    """The events a service consumes from one producer's topic, and what it does with each."""

    producer: str
    handlers: Mapping[str, Handler]


@dataclass
class ServiceDefinition:
    name: str
    title: str
    registry: EventRegistry
    settings: ServiceSettings
    migrations: list[tuple[str, str]]
    """The read models' migrations: a rebuild runs them again in a fresh schema and swaps in every table they create."""
    routers: list[APIRouter]
    projectors: list[Projector] = field(default_factory=list)
    consumes: list[Consumption] = field(default_factory=list)
    on_start: list[Callable[..., Awaitable[None]]] = field(default_factory=list)
    tickers: list[Callable[..., Awaitable[None]]] = field(default_factory=list)
    """``async def tick(service, now)``: run every ``tick_seconds`` and right after the clock is set
    (deadlines that pass, reminders that fall due). Each must be idempotent."""
    tick_seconds: float = 30.0
    primary_migrations: list[tuple[str, str]] = field(default_factory=list)
    """Tables of primary data (not derived from the events: a feed, claims, document bytes): applied at
    start-up before ``migrations``, never re-run or swapped by a rebuild. Names must differ from the read models'."""
    status: list[Callable[..., Awaitable[dict]]] = field(default_factory=list)
    """``async def status(service) -> dict``: merged into ``/ops/status`` (e.g. ``{"queues": {...}}``)."""

    @property
    def consumer_group(self) -> str:
        return self.name
