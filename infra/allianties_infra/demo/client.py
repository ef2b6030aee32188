"""The demo's client: only what any client has, the services' URLs and bearer tokens."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import datetime

import httpx
from rich.console import Console

from allianties_infra import ops_client
from allianties_infra.stack_config import StackConfig, stack_secret
from allianties_infra.tokens import issue
from allianties_shared.domain import Role


class DemoError(RuntimeError):
    pass


class DemoClient:
    def __init__(self, console: Console, config: StackConfig) -> None:
        self.console = console
        self.urls = {t.service: t.url for t in ops_client.targets(config)}
        self.secret = stack_secret(config.data_dir)
        self.http = httpx.Client(timeout=10)
        self.run_id = uuid.uuid4().hex[:6]

    def auth(self, role: Role, *alliances: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {issue(self.secret, role, f'demo-{role.value}', alliances)}"}

    def call(self, method: str, service: str, path: str, role: Role, *alliances: str, **kwargs) -> httpx.Response:
        headers = {**self.auth(role, *alliances), **kwargs.pop("headers", {})}
        return self.http.request(method, f"{self.urls[service]}{path}", headers=headers, **kwargs)

    def wait_for(self, what: str, check: Callable[[], bool], timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        with self.console.status(f"waiting: {what}"):
            while not check():
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


def expect(response: httpx.Response, status: int) -> httpx.Response:
    if response.status_code != status:
        raise DemoError(f"{response.request.method} {response.request.url} gave {response.status_code}: {response.text}")
    return response
