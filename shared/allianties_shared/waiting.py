"""Waiting for a wake-up or a timeout, whichever comes first, without losing a cancellation.

Python 3.11's ``asyncio.wait_for(event.wait(), timeout)`` runs the wait as a task of its own, and when
the event is set in the same loop iteration as the caller is cancelled it returns normally and the
cancellation is lost (fixed in 3.12, cpython gh-86296). In a loop that waits until cancelled, that
turned a clean shutdown into a hang: stopping the relay leader called ``beat_soon`` while the
heartbeat was being cancelled. ``asyncio.timeout`` awaits in the caller's own task, so a cancellation
always arrives.
"""

from __future__ import annotations

import asyncio


async def woken(event: asyncio.Event, timeout: float) -> bool:
    """Wait until ``event`` is set (True) or ``timeout`` seconds have passed (False)."""
    try:
        async with asyncio.timeout(timeout):
            await event.wait()
    except TimeoutError:
        return False
    return True
