"""Deadlines that concern an alliance, derived from the events that set them, and ended by the events
that meet them.

- ``indiening``: the application window of the round closes (``aanvraag-opgesteld``); ended by
  submitting or withdrawing the application.
- ``aanvulling``: the completion term of ``aanvulling-gevraagd``; ended by completing or withdrawing.
- ``rapportage``: half-yearly and final reports of the dossier's schedule
  (``verantwoordingsschema-vastgesteld``); ended by submitting the report.
- ``bezwaar``: the objection term after a rejection (``bezwaartermijn_dagen`` of the round, six weeks
  by the Awb); ended by lodging an objection.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from allianties_shared.domain import DomainEvent
from allianties_shared.regulation.model import Regeling, Ronde
from notificatie.domain.reminders import AMSTERDAM


class Deadline(NamedTuple):
    termijn_id: str
    soort: str
    referentie: str
    termijn: datetime


def end_of_day(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), AMSTERDAM)


def _ronde_at(regulation: Regeling, moment: datetime) -> Ronde | None:
    started = [r for r in regulation.rondes if r.aanvragen.opens_at() <= moment]
    return max(started, key=lambda r: r.aanvragen.opens_at(), default=None)


def deadlines_set_by(event: DomainEvent, event_id: str, at: datetime, regulation: Regeling) -> list[Deadline]:
    match event.name:
        case "aanvraag-opgesteld":
            ronde = regulation.ronde(event.ronde_id)
            if ronde is None:
                return []
            return [Deadline(f"indiening-{event.aanvraag_id}", "indiening", event.aanvraag_id, ronde.aanvragen.closes_at())]
        case "aanvulling-gevraagd":
            return [Deadline(f"aanvulling-{event.aanvraag_id}-{event_id}", "aanvulling", event.aanvraag_id, end_of_day(event.termijn))]
        case "subsidie-afgewezen":
            ronde = _ronde_at(regulation, at)
            days = ronde.bezwaartermijn_dagen if ronde else 42
            due = end_of_day(at.astimezone(AMSTERDAM).date() + timedelta(days=days))
            return [Deadline(f"bezwaar-{event.beoordeling_id}", "bezwaar", event.beoordeling_id, due)]
        case "verantwoordingsschema-vastgesteld":
            return [
                Deadline(f"rapportage-{event.dossier_id}-{t.termijn_id}", "rapportage", f"{event.dossier_id}/{t.termijn_id}", end_of_day(t.uiterlijk))
                for t in event.termijnen
                if t.soort in ("halfjaarrapportage", "eindverslag")
            ]
    return []


def deadlines_ended_by(event: DomainEvent) -> list[tuple[tuple[str, ...], str]]:
    """The kinds of deadline this event ends, and for which reference."""
    match event.name:
        case "aanvraag-ingediend":
            return [(("indiening",), event.aanvraag_id)]
        case "aanvraag-aangevuld":
            return [(("aanvulling",), event.aanvraag_id)]
        case "aanvraag-ingetrokken" | "aanvraag-niet-ontvankelijk":
            return [(("indiening", "aanvulling"), event.aanvraag_id)]
        case "rapportage-ingediend":
            return [(("rapportage",), f"{event.dossier_id}/{event.termijn_id}")]
        case "bezwaar-ingediend":
            return [(("bezwaar",), event.beoordeling_id)]
    return []
