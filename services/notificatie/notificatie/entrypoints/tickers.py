"""Time-driven work, run by the runtime's ticker loop: mail to send, reminders due, deliveries due.

Reminders follow the service's clock (a deadline is a date of the regulation). Retries of mail and
deliveries wait real time: an operator who sets the clock (a demo replaying 2021) neither skips a
backoff nor strands a retry scheduled before the clock was moved back.
"""

from __future__ import annotations

from datetime import UTC, datetime

from allianties_shared.runtime.state import RunningService
from allianties_shared.runtime.tickers import tick_soon


def _wiring(service: RunningService):
    return service.extras["notificatie"]


def real_time() -> datetime:
    return datetime.now(UTC)


async def send_pending_messages(service: RunningService, now: datetime) -> None:
    await _wiring(service).sender.send_pending(real_time())


async def send_due_reminders(service: RunningService, now: datetime) -> None:
    await _wiring(service).reminders.remind_due(now)


async def deliver_to_subscribers(service: RunningService, now: datetime) -> None:
    """A bounded round of deliveries, so reminders and mail are not kept waiting; the next round follows at once."""
    if await _wiring(service).deliverer.deliver_due(real_time()):
        tick_soon(service)


TICKERS = [send_due_reminders, send_pending_messages, deliver_to_subscribers]
