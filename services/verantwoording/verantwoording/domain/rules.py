"""Small helpers for rule-named refusals shared by the dossier's parts."""

from __future__ import annotations

from datetime import date, datetime, time

from allianties_shared.domain import NotFound, RuleViolation
from allianties_shared.regulation.model import AMSTERDAM


def end_of_day(day: date) -> datetime:
    """The last moment of ``day`` in Amsterdam: a term due on a day may be met until midnight."""
    return datetime.combine(day, time.max, AMSTERDAM)


def today(now: datetime) -> date:
    return now.astimezone(AMSTERDAM).date()


def refuse(rule: str, nl: str, en: str, field: str | None = None) -> RuleViolation:
    return RuleViolation(rule, nl, en, field=field)


def missing(rule: str, what_nl: str, what_en: str, id: str, field: str | None = None) -> NotFound:
    return NotFound(rule, f"{what_nl} {id} bestaat niet in dit dossier.", f"{what_en} {id} does not exist in this dossier.", field=field)
