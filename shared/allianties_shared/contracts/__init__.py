"""The published language: every event type each service puts on its topic, with its versions.

A producing service records these events; consumers decode them with the producer's registry.
No service imports another service: they share only these contracts.
"""

from allianties_shared.contracts import aanvraag, notificatie, toekenning, verantwoording
from allianties_shared.events.registry import EventRegistry

REGISTRIES: dict[str, EventRegistry] = {
    "aanvraag": aanvraag.registry,
    "toekenning": toekenning.registry,
    "verantwoording": verantwoording.registry,
    "notificatie": notificatie.registry,
}

__all__ = ["REGISTRIES"]
