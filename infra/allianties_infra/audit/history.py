"""The history of one alliance across the four services, as of any moment."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from allianties_infra.audit.wire import WireEvent

PERSON_STREAM = "persoon-"  # a contact person's own stream: persoon-<id>


def _person_ids(value: object) -> set[str]:
    if isinstance(value, dict):
        found = {str(v) for k, v in value.items() if k == "persoon_id" and v}
        for v in value.values():
            found |= _person_ids(v)
        return found
    if isinstance(value, list):
        return set().union(*(_person_ids(v) for v in value)) if value else set()
    return set()


def alliance_history(events: Iterable[WireEvent], alliance_id: str, as_of: datetime | None = None) -> list[WireEvent]:
    """Every event of every stream that ever named the alliance, and of its contact persons, up to ``as_of``,
    in the order they were recorded (ties: producer, then stream version)."""
    events = [w for w in events if as_of is None or w.event.recorded_at <= as_of]
    streams = {w.event.stream_id for w in events if w.event.data.get("alliantie_id") == alliance_id}
    people = set().union(*(_person_ids(w.event.data) for w in events if w.event.stream_id in streams)) if streams else set()
    streams |= {f"{PERSON_STREAM}{p}" for p in people}
    chosen = [w for w in events if w.event.stream_id in streams]
    return sorted(chosen, key=lambda w: (w.event.recorded_at, w.producer, w.event.stream_id, w.event.version))


def erased_people(events: Iterable[WireEvent]) -> set[str]:
    """Whose personal data was erased, as the record itself says (``persoonsgegevens-gewist``)."""
    return {str(w.event.data.get("persoon_id")) for w in events if w.event.name == "persoonsgegevens-gewist"}


def mask_personal_data(value: object, erased: set[str]) -> object:
    """An auditor sees that personal data was there, never the data: sealed values become
    ``[persoonsgegevens]``, or ``[gewist]`` once the person's data were erased."""
    if isinstance(value, dict):
        if set(value) == {"subject", "ciphertext"}:
            return "[gewist]" if str(value["subject"]) in erased else "[persoonsgegevens]"
        return {k: mask_personal_data(v, erased) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_personal_data(v, erased) for v in value]
    return value
