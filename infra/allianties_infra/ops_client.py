"""Talks to each service's operator endpoints (``/ops/status``, ``/ops/republish``) over HTTP."""

from __future__ import annotations

import os
from dataclasses import dataclass

import httpx

from allianties_infra.http_retry import RetryingClient, RetryPolicy
from allianties_infra.stack_config import SERVICE_PORTS, StackConfig, stack_secret
from allianties_infra.tokens import operator_headers

STATUS_RETRY = RetryPolicy(total=5)  # a service that stays away is shown as down soon
COMMAND_RETRY = RetryPolicy(total=60)  # an operator's command waits out a restarting process


@dataclass(frozen=True)
class Target:
    service: str
    url: str


def targets(config: StackConfig | None = None) -> list[Target]:
    """Each service's URL: ``ALLIANTIES_<SERVICE>_URL``, else where the embedded stack runs it."""
    config = config or StackConfig.from_environment()
    return [
        Target(service, os.environ.get(f"ALLIANTIES_{service.upper()}_URL", config.service_url(service)))
        for service in SERVICE_PORTS
    ]


def operator_auth(config: StackConfig | None = None) -> dict[str, str]:
    """``ALLIANTIES_TOKEN`` if set; else a token signed with ``ALLIANTIES_AUTH_SECRET`` or the dev secret."""
    if token := os.environ.get("ALLIANTIES_TOKEN"):
        return {"Authorization": f"Bearer {token}"}
    config = config or StackConfig.from_environment()
    return operator_headers(stack_secret(config.data_dir))


def status(target: Target, headers: dict[str, str]) -> dict:
    """One service's state; ``running: False`` with the error when it does not answer within a few seconds of retries."""
    with RetryingClient(STATUS_RETRY, timeout=5, headers=headers) as client:
        try:
            ready = client.get(f"{target.url}/readyz", retry_statuses=frozenset()).json()
            detail = client.get(f"{target.url}/ops/status")
        except httpx.HTTPError as error:
            return {"service": target.service, "url": target.url, "running": False, "error": str(error) or type(error).__name__}
        if detail.status_code != 200:
            problem = detail.json().get("detail", detail.text) if detail.headers.get("content-type", "").endswith("json") else detail.text
            return {"service": target.service, "url": target.url, "running": False, "error": f"{detail.status_code}: {problem}"}
        return {"url": target.url, "running": True, "ready": ready, **detail.json()}


def republish(target: Target, headers: dict[str, str], from_position: int) -> dict:
    with RetryingClient(COMMAND_RETRY, timeout=10, headers=headers) as client:
        response = client.post(f"{target.url}/ops/republish", json={"from_position": from_position})
        response.raise_for_status()
        return response.json()
