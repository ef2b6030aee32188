"""Time-driven work (deadlines passing, reminders falling due): every few seconds and after a clock change.

Only the ticker leader runs the tickers: the one instance of the service that holds the ticker lock
(``LeaderLock``). Each ticker stays idempotent all the same: in the moment of a takeover the old
leader may still be finishing a round while the new one starts, and the tickers' appends, with their
expected versions, let only one of them record a flag.
"""

from __future__ import annotations

import asyncio

from allianties_shared.logging import get_logger
from allianties_shared.runtime.state import RunningService
from allianties_shared.waiting import woken

TICKER_LOCK = 7_202_103
log = get_logger(__name__)


async def tick_once(service: RunningService) -> None:
    now = service.clock.now()
    for ticker in service.definition.tickers:
        try:
            await ticker(service, now)
        except Exception as error:  # noqa: BLE001 - one failing ticker must not stop the others; it runs again next tick
            log.warning("ticker.failed", ticker=getattr(ticker, "__name__", repr(ticker)), error=repr(error))


def _wake_event(service: RunningService) -> asyncio.Event:
    return service.extras.setdefault("tick_now", asyncio.Event())  # type: ignore[return-value]


async def run_tickers(service: RunningService) -> None:
    """Tick until cancelled: at once, then every ``tick_seconds`` or sooner when woken by ``tick_soon``."""
    wake = _wake_event(service)
    while True:
        wake.clear()
        await tick_once(service)
        await woken(wake, service.definition.tick_seconds)


def tick_soon(service: RunningService) -> None:
    """Ask the ticker loop to run now (after the clock was set, or when a round left work over)."""
    _wake_event(service).set()
