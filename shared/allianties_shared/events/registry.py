"""One registry per producing service: event name + version -> pydantic model, plus upcasters."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from allianties_shared.domain.events import DomainEvent

TYPE_NAMESPACE = "nl.amsterdam.subsidies.allianties"

Upcaster = Callable[[dict[str, Any]], dict[str, Any]]


class UnknownEventType(LookupError):
    def __init__(self, name: str, version: int | None = None):
        shown = f"{name} v{version}" if version is not None else name
        super().__init__(f"unknown event type {shown}")
        self.name = name
        self.version = version


class EventRegistry:
    """Knows every event type a service produces, in every version it ever produced.

    ``decode`` upcasts stored data from its recorded version to the current model: old events
    stay as they were written, readers always see the newest shape. A version that is no longer
    current keeps its model (``register_past``): its events stay on the topics for good, so its
    schema stays published.
    """

    def __init__(self, service: str) -> None:
        self.service = service
        self._current: dict[str, type[DomainEvent]] = {}
        self._past: dict[tuple[str, int], type[DomainEvent]] = {}
        self._upcasters: dict[tuple[str, int], Upcaster] = {}

    def register(self, event_class: type[DomainEvent]) -> type[DomainEvent]:
        known = self._current.get(event_class.name)
        if known is not None and known.version >= event_class.version:
            raise ValueError(f"{event_class.name} v{event_class.version} is already registered")
        self._current[event_class.name] = event_class
        return event_class

    def register_past(self, event_class: type[DomainEvent]) -> type[DomainEvent]:
        """A version that was once current: what its events on the topics look like (upcast on read)."""
        key = (event_class.name, event_class.version)
        if key in self._past:
            raise ValueError(f"{event_class.name} v{event_class.version} is already registered")
        self._past[key] = event_class
        return event_class

    def upcaster(self, name: str, from_version: int) -> Callable[[Upcaster], Upcaster]:
        """Register ``fn(data_v_n) -> data_v_n+1`` for event ``name``."""

        def decorate(fn: Upcaster) -> Upcaster:
            self._upcasters[(name, from_version)] = fn
            return fn

        return decorate

    def __iter__(self):
        return iter(sorted(self._current.values(), key=lambda c: c.name))

    def every_version(self) -> list[type[DomainEvent]]:
        """Every version of every event type, past and current, by name and version."""
        return sorted([*self._past.values(), *self._current.values()], key=lambda c: (c.name, c.version))

    def model_of(self, name: str, version: int) -> type[DomainEvent]:
        """The model of one version, past or current."""
        current = self.model(name)
        if version == current.version:
            return current
        try:
            return self._past[(name, version)]
        except KeyError:
            raise UnknownEventType(name, version) from None

    def __contains__(self, name: str) -> bool:
        return name in self._current

    def model(self, name: str) -> type[DomainEvent]:
        try:
            return self._current[name]
        except KeyError:
            raise UnknownEventType(name) from None

    def decode(self, name: str, version: int, data: dict[str, Any]) -> DomainEvent:
        model = self.model(name)
        if version > model.version:
            raise UnknownEventType(name, version)
        while version < model.version:
            try:
                data = self._upcasters[(name, version)](data)
            except KeyError:
                raise UnknownEventType(name, version) from None
            version += 1
        return model.model_validate(data)

    @staticmethod
    def cloudevent_type(name: str, version: int) -> str:
        return f"{TYPE_NAMESPACE}.{name}.v{version}"

    @staticmethod
    @functools.lru_cache(maxsize=1024)  # a replay parses the same few dozen types a million times
    def parse_cloudevent_type(ce_type: str) -> tuple[str, int]:
        prefix = TYPE_NAMESPACE + "."
        if not ce_type.startswith(prefix):
            raise UnknownEventType(ce_type)
        name, _, suffix = ce_type[len(prefix) :].rpartition(".v")
        if not name or not suffix.isdigit():
            raise UnknownEventType(ce_type)
        return name, int(suffix)
