"""Which consumed event tells whom what. Adding a notified event type is one entry here plus its
two templates (``adapters/templates/nl/<sjabloon>.txt`` and ``adapters/templates/en/<sjabloon>.txt``)."""

from __future__ import annotations

from typing import NamedTuple


class Notified(NamedTuple):
    role: str
    template: str


def _penvoerder(template: str) -> tuple[Notified, ...]:
    return (Notified("penvoerder", template),)


NOTIFIED_EVENTS: dict[str, tuple[Notified, ...]] = {
    # aanvraag
    "feedback-gegeven": _penvoerder("feedback-gegeven"),
    "aanvraag-ingediend": _penvoerder("aanvraag-ontvangen"),
    "aanvulling-gevraagd": _penvoerder("aanvulling-gevraagd"),
    "aanvraag-aangevuld": _penvoerder("aanvraag-aangevuld"),
    "aanvraag-ingetrokken": _penvoerder("aanvraag-ingetrokken"),
    "aanvraag-niet-ontvankelijk": _penvoerder("aanvraag-niet-ontvankelijk"),
    # toekenning
    "subsidie-verleend": _penvoerder("subsidie-verleend"),
    "subsidie-afgewezen": _penvoerder("subsidie-afgewezen"),
    "subsidie-gewijzigd": _penvoerder("subsidie-gewijzigd"),
    "subsidie-verlengd": _penvoerder("subsidie-verlengd"),
    "bezwaar-beslist": _penvoerder("bezwaar-beslist"),
    # verantwoording
    "dossier-geopend": _penvoerder("dossier-geopend"),
    "kwartaalgesprek-gepland": _penvoerder("kwartaalgesprek-gepland"),
    "rapportage-ingediend": (Notified("accounthouder", "rapportage-ingediend"),),
    "rapportage-teruggestuurd": _penvoerder("rapportage-teruggestuurd"),
    "rapportage-geaccepteerd": _penvoerder("rapportage-geaccepteerd"),
    "subsidie-vastgesteld": _penvoerder("subsidie-vastgesteld"),
    "accounthouder-toegewezen": (Notified("penvoerder", "accounthouder-toegewezen"), Notified("accounthouder", "alliantie-toegewezen")),
    "accounthouder-overgedragen": (
        Notified("penvoerder", "accounthouder-overgedragen"),
        Notified("accounthouder", "alliantie-toegewezen"),
    ),
}

REMINDER_TEMPLATES: dict[str, str] = {
    "indiening": "herinnering-indiening",
    "aanvulling": "herinnering-aanvulling",
    "rapportage": "herinnering-rapportage",
    "bezwaar": "herinnering-bezwaar",
}


def all_templates() -> set[str]:
    return {n.template for notified in NOTIFIED_EVENTS.values() for n in notified} | set(REMINDER_TEMPLATES.values())
