"""Time-driven work, run by the runtime's ticker loop: mail to send, reminders due, deliveries due."""

from __future__ import annotations

from datetime import datetime

from allianties_shared.runtime.state import RunningService
from allianties_shared.runtime.tickers import tick_soon


def _wiring(service: RunningService):
    return service.extras["notificatie"]


async def send_pending_messages(service: RunningService, now: datetime) -> None:
    await _wiring(service).sender.send_pending(now)


async def send_due_reminders(service: RunningService, now: datetime) -> None:
    await _wiring(service).reminders.remind_due(now)


async def deliver_to_subscribers(service: RunningService, now: datetime) -> None:
    """A bounded round of deliveries, so reminders and mail are not kept waiting; the next round follows at once."""
    if await _wiring(service).deliverer.deliver_due(now):
        tick_soon(service)


TICKERS = [send_due_reminders, send_pending_messages, deliver_to_subscribers]
