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


def status(target: Target, headers: dict[str, str], asks: int = 8) -> dict:
    """One service's state; ``running: False`` with the error when it does not answer within a few seconds
    of retries. With several instances on one port ``/ops/status`` is asked again (each time on a new
    connection, which the kernel may hand to another instance) until every live instance has answered,
    so the consumer groups show every instance's partitions."""
    with RetryingClient(STATUS_RETRY, timeout=5, headers=headers) as client:
        try:
            ready = client.get(f"{target.url}/readyz", retry_statuses=frozenset()).json()
            detail = client.get(f"{target.url}/ops/status")
        except httpx.HTTPError as error:
            return {"service": target.service, "url": target.url, "running": False, "error": str(error) or type(error).__name__}
        if detail.status_code != 200:
            problem = detail.json().get("detail", detail.text) if detail.headers.get("content-type", "").endswith("json") else detail.text
            return {"service": target.service, "url": target.url, "running": False, "error": f"{detail.status_code}: {problem}"}
    answer = detail.json()
    live, heard = {i["id"] for i in answer.get("instances", [])}, {answer.get("instance")}
    for _ in range(asks if len(live) > 1 else 0):
        if live <= heard:
            break
        try:
            other = httpx.get(f"{target.url}/ops/status", headers=headers, timeout=5)
        except httpx.HTTPError:
            continue
        if other.status_code == 200:
            heard.add(other.json().get("instance"))
            _merge_partitions(answer, other.json())
    return {"url": target.url, "running": True, "ready": ready, **answer}


def _merge_partitions(into: dict, other: dict) -> None:
    """Each instance reports the partitions assigned to it: together they make the group's."""
    groups = {c["group"]: c for c in into["consumers"]}
    for consumer in other["consumers"]:
        mine = groups.get(consumer["group"])
        if mine is None:
            continue
        known = {(p["topic"], p["partition"]) for p in mine["partitions"]}
        mine["partitions"] += [p for p in consumer["partitions"] if (p["topic"], p["partition"]) not in known]
        mine["partitions"].sort(key=lambda p: (p["topic"], p["partition"]))
        mine["lag"] = sum(p["lag"] for p in mine["partitions"])


def republish(target: Target, headers: dict[str, str], from_position: int) -> dict:
    with RetryingClient(COMMAND_RETRY, timeout=10, headers=headers) as client:
        response = client.post(f"{target.url}/ops/republish", json={"from_position": from_position})
        response.raise_for_status()
        return response.json()
