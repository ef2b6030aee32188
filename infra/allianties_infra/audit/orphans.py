"""References between services that must resolve: a decision needs its application, a dossier its grant."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

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


def check_orphans(events: Iterable[WireEvent], references: tuple[Reference, ...] = REFERENCES) -> Check:
    check = Check("no orphans (every reference between services resolves)")
    by_name: dict[str, list[dict]] = {}
    ids: set[str] = set()
    for wire in events:
        by_name.setdefault(wire.event.name, []).append(wire.event.data)
        ids.add(str(wire.event.event_id))
    for ref in references:
        known = {data.get(ref.target_field) for data in by_name.get(ref.target, [])}
        for data in by_name.get(ref.source, []):
            check.checked += 1
            if data.get(ref.field) not in known:
                check.failures.append(f"{ref.meaning}: {ref.source} with {ref.field}={data.get(ref.field)}")
    for data in by_name.get("notificatie-vastgelegd", []):
        check.checked += 1
        if data.get("aanleiding_event_id") not in ids:
            check.failures.append(f"a notification caused by an unknown event: {data.get('aanleiding_event_id')}")
    return check
