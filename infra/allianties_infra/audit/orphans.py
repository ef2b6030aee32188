"""References between services that must resolve: a decision needs its application, a dossier its grant.

The evidence (every event id, and the values of the referring and referred-to fields) is gathered
per shard of the record and merged, because a reference may cross from one shard to another.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from uuid import UUID

from allianties_infra.audit.verification import Check
from allianties_infra.audit.wire import WireEvent


@dataclass(frozen=True)
class Reference:
    """``source`` events carry ``field``; some ``target`` event must carry the same value in ``target_field``."""

    source: str
    field: str
    target: str
    target_field: str
    meaning: str


REFERENCES = (
    Reference("beoordeling-geopend", "aanvraag_id", "aanvraag-ingediend", "aanvraag_id", "an assessment of an unknown application"),
    Reference("subsidie-verleend", "aanvraag_id", "aanvraag-ingediend", "aanvraag_id", "a decision whose application is unknown"),
    Reference("subsidie-afgewezen", "aanvraag_id", "aanvraag-ingediend", "aanvraag_id", "a rejection whose application is unknown"),
    Reference("dossier-geopend", "beoordeling_id", "subsidie-verleend", "beoordeling_id", "a dossier without a grant"),
)
CAUSED_BY_AN_EVENT = ("notificatie-vastgelegd", "aanleiding_event_id")  # a notification names the event that caused it


def _referring_fields() -> dict[str, list[str]]:
    """Event name -> the fields of it that a reference reads."""
    fields: dict[str, list[str]] = {}
    for name, field_name in [(r.source, r.field) for r in REFERENCES] + [(r.target, r.target_field) for r in REFERENCES] + [CAUSED_BY_AN_EVENT]:
        fields.setdefault(name, []).append(field_name)
    return fields


_FIELDS = _referring_fields()


@dataclass
class OrphanEvidence:
    """What the check needs from the events, small enough to gather per shard and merge."""

    event_ids: set[str] = field(default_factory=set)  # as str(UUID)
    values: dict[tuple[str, str], list[object]] = field(default_factory=dict)  # (event name, field) -> values seen

    @classmethod
    def of(cls, events: Iterable[WireEvent]) -> OrphanEvidence:
        evidence = cls()
        for wire in events:
            evidence.add(str(wire.event.event_id), wire.event.name, wire.event.data)
        return evidence

    def add(self, event_id: str, name: str, data: dict) -> None:
        self.event_ids.add(event_id)
        for field_name in _FIELDS.get(name, ()):
            self.values.setdefault((name, field_name), []).append(data.get(field_name))

    def merge(self, other: OrphanEvidence) -> OrphanEvidence:
        self.event_ids |= other.event_ids
        for key, values in other.values.items():
            self.values.setdefault(key, []).extend(values)
        return self


def check_orphans(evidence: OrphanEvidence) -> Check:
    check = Check("no orphans (every reference between services resolves)")
    for ref in REFERENCES:
        known = set(evidence.values.get((ref.target, ref.target_field), []))
        for value in evidence.values.get((ref.source, ref.field), []):
            check.checked += 1
            if value not in known:
                check.failures.append(f"{ref.meaning}: {ref.source} with {ref.field}={value}")
    for value in evidence.values.get(CAUSED_BY_AN_EVENT, []):
        check.checked += 1
        if _canonical_uuid(value) not in evidence.event_ids:
            check.failures.append(f"a notification caused by an unknown event: {value}")
    return check


def _canonical_uuid(value: object) -> str | None:
    try:
        return str(UUID(str(value)))
    except ValueError:
        return None
