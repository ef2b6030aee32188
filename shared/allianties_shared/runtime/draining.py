"""A graceful shutdown on SIGTERM (or Ctrl-C), within ``ALLIANTIES_SHUTDOWN_GRACE_SECONDS``.

1. ``/readyz`` answers 503 at once, while requests are still taken for ``ALLIANTIES_SHUTDOWN_DRAIN_SECONDS``:
   a load balancer or the kubelet stops sending before the port closes.
2. uvicorn stops accepting (the port closes; with ``SO_REUSEPORT`` new connections go to the other
   instances) and lets the requests in flight finish, for what is left of the grace but
   ``SHUTDOWN_STOP_SECONDS``; idle keep-alive connections are closed.
3. The lifespan stops the rest: the relay finishes its batch and starts no other, the consumers finish
   the message in hand, commit and leave their group, the pool closes.

A second signal skips what is left of the drain; a third stops waiting for requests. The process
exits 0 after a graceful shutdown (uvicorn would raise the signal again and die by it).
"""

from __future__ import annotations

import time
from types import FrameType

import uvicorn
from fastapi import FastAPI

from allianties_shared.logging import get_logger

log = get_logger(__name__)


class DrainingServer(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, app: FastAPI, drain_seconds: float) -> None:
        super().__init__(config)
        self.app = app
        self.drain_seconds = drain_seconds
        self.drain_until: float | None = None
        app.state.draining = False

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        if self.drain_until is None:
            self.app.state.draining = True
            self.drain_until = time.monotonic() + self.drain_seconds
            log.info("service.draining", signal=sig, drain_seconds=self.drain_seconds)
        elif not self.should_exit:
            self.should_exit = True
        else:
            self.force_exit = True

    async def on_tick(self, counter: int) -> bool:
        if self.drain_until is not None and not self.should_exit and time.monotonic() >= self.drain_until:
            log.info("service.stopping", in_flight=len(self.server_state.tasks), grace_seconds=self.config.timeout_graceful_shutdown)
            self.should_exit = True
        return await super().on_tick(counter)
