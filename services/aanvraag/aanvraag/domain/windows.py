"""The regulation's windows as rules: a command outside its window is refused, naming the window."""

from __future__ import annotations

from datetime import datetime

from allianties_shared.domain import NotFound, RuleViolation
from allianties_shared.regulation.model import AMSTERDAM, Regeling, Ronde, Venster


def round_of(regulation: Regeling, round_id: str) -> Ronde:
    ronde = regulation.ronde(round_id)
    if ronde is None:
        known = ", ".join(r.id for r in regulation.rondes)
        raise NotFound(
            "round-exists",
            f"Ronde {round_id} bestaat niet (wel: {known}).",
            f"Round {round_id} does not exist (known: {known}).",
            field="ronde_id",
        )
    return ronde


def require_inside(window: Venster | None, now: datetime, rule: str, what_nl: str, what_en: str) -> None:
    if window is None or not window.contains(now):
        shown = now.astimezone(AMSTERDAM).strftime("%d-%m-%Y %H:%M")
        if window is None:
            nl, en = f"deze ronde kent geen {what_nl}", f"this round has no {what_en}"
        else:
            nl = f"dat kan van {window.van:%d-%m-%Y} tot en met {window.tot:%d-%m-%Y}"
            en = f"that is possible from {window.van:%Y-%m-%d} to {window.tot:%Y-%m-%d} inclusive"
        raise RuleViolation(
            rule,
            f"Buiten de periode voor {what_nl} ({shown} Amsterdamse tijd): {nl}.",
            f"Outside the period for {what_en} ({shown} Amsterdam time): {en}.",
        )
