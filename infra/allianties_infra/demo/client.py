"""The demo's client: only what any client has, the services' URLs and bearer tokens.

Every call goes through the retrying client (``http_retry``): a write keeps one ``Idempotency-Key``
across its retries, so the demo completes while service processes are killed and restarted.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import datetime

import httpx
from rich.console import Console

from allianties_infra import ops_client
from allianties_infra.http_retry import RETRY_ERRORS, Exchange, RetryingClient, RetryPolicy
from allianties_infra.stack_config import StackConfig, stack_secret
from allianties_infra.tokens import issue
from allianties_shared.domain import Role

DEMO_RETRY = RetryPolicy(total=60)


class DemoError(RuntimeError):
    pass


class DemoClient:
    def __init__(
        self,
        console: Console,
        config: StackConfig,
        *,
        policy: RetryPolicy = DEMO_RETRY,
        on_exchange: Callable[[Exchange], None] | None = None,
        patience: float = 1.0,
    ) -> None:
        self.console = console
        self.config = config
        self.patience = patience  # waits last this many times longer (a fault-injection run is slower)
        self.urls = {t.service: t.url for t in ops_client.targets(config)}
        self.secret = stack_secret(config.data_dir)
        self.http = RetryingClient(policy, timeout=10, on_exchange=on_exchange)
        self.run_id = uuid.uuid4().hex[:6]

    def auth(self, role: Role, *alliances: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {issue(self.secret, role, f'demo-{role.value}', alliances)}"}

    def call(self, method: str, service: str, path: str, role: Role, *alliances: str, **kwargs) -> httpx.Response:
        headers = {**self.auth(role, *alliances), **kwargs.pop("headers", {})}
        return self.http.request(method, f"{self.urls[service]}{path}", headers=headers, **kwargs)

    def wait_for(self, what: str, check: Callable[[], bool], timeout: float = 30) -> None:
        """Poll ``check`` until it holds; a service that cannot be reached right now is a "not yet"."""
        timeout *= self.patience
        deadline = time.monotonic() + timeout
        with self.console.status(f"waiting: {what}"):
            while not _holds(check):
                if time.monotonic() > deadline:
                    raise DemoError(f"gave up waiting for {what} after {timeout:.0f}s")
                time.sleep(0.2)

    def set_time(self, moment: datetime) -> None:
        """Move every service's clock (the embedded stack runs with settable clocks) to replay a past round."""
        for service in self.urls:
            expect(self.call("PUT", service, "/ops/clock", Role.OPERATOR, json={"now": moment.isoformat()}), 200)
        self.console.print(f"[dim]⏱  {moment:%A %d %B %Y %H:%M %Z}[/]")

    def step(self, text: str) -> None:
        self.console.print(f"[bold]›[/] {text}")


def _holds(check: Callable[[], bool]) -> bool:
    try:
        return check()
    except RETRY_ERRORS:
        return False


def expect(response: httpx.Response, status: int) -> httpx.Response:
    if response.status_code != status:
        raise DemoError(f"{response.request.method} {response.request.url} gave {response.status_code}: {response.text}")
    return response
