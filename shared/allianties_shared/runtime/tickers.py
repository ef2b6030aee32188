"""Time-driven work (deadlines passing, reminders falling due): every few seconds and after a clock change."""

from __future__ import annotations

import asyncio
import contextlib

from allianties_shared.logging import get_logger
from allianties_shared.runtime.state import RunningService

log = get_logger(__name__)


async def tick_once(service: RunningService) -> None:
    now = service.clock.now()
    for ticker in service.definition.tickers:
        try:
            await ticker(service, now)
        except Exception as error:  # noqa: BLE001 - one failing ticker must not stop the others; it runs again next tick
            log.warning("ticker.failed", ticker=getattr(ticker, "__name__", repr(ticker)), error=repr(error))


async def run_tickers(service: RunningService) -> None:
    wake: asyncio.Event = service.extras.setdefault("tick_now", asyncio.Event())  # type: ignore[assignment]
    while True:
        wake.clear()
        await tick_once(service)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(wake.wait(), service.definition.tick_seconds)


def tick_soon(service: RunningService) -> None:
    """Ask the ticker loop to run now (after the clock was set)."""
    event = service.extras.get("tick_now")
    if isinstance(event, asyncio.Event):
        event.set()
