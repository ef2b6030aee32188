"""What one phase of the demo hands to the next: the ids the services gave out."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RoundState:
    """The 2021 round as the demo drives it. Phases add to it in order."""

    run_id: str
    alliances: list[str] = field(default_factory=list)
    applications: dict[str, str] = field(default_factory=dict)  # application id -> alliance id
    grants: list[str] = field(default_factory=list)  # assessment ids that were granted
    rejections: list[str] = field(default_factory=list)
    dossiers: list[str] = field(default_factory=list)
    priorities: dict[str, int] = field(default_factory=dict)  # application id -> the one priority it applies on
    subscribers: dict[str, object] = field(default_factory=dict)  # name -> the demo's local webhook (notificatie)
    subscriptions: dict[str, str] = field(default_factory=dict)  # name -> abonnement id
    keep_subscriptions: bool = False  # a fault-injection run checks the subscribers' deliveries after the demo
