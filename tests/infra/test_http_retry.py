"""The retrying client against a real loopback server that drops connections and answers 503 as scripted."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from email.utils import formatdate

import httpx
import pytest

from allianties_infra.embedded import free_port
from allianties_infra.http_retry import Exchange, RetryingClient, RetryPolicy, retry_after_seconds

FAST = RetryPolicy(total=10, first_wait=0.05, max_wait=0.2)


class ScriptedServer:
    """Answers each request with the next step of its script: ``drop`` (close without an answer), a status
    code, ``(status, retry_after)`` or ``replay`` (201 with ``Idempotent-Replayed``); after the script, 200.
    Remembers every request's headers."""

    def __init__(self, script: list) -> None:
        self.script = list(script)
        self.seen: list[dict[str, str]] = []

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
        await reader.readexactly(int(headers.get("content-length", "0")))
        self.seen.append({"request": lines[0], **headers})
        step = self.script.pop(0) if self.script else 200
        if step == "drop":
            writer.close()
            return
        status, retry_after = step if isinstance(step, tuple) else (step, None)
        body = json.dumps({"attempt": len(self.seen)}).encode()
        extra = f"Retry-After: {retry_after}\r\n" if retry_after is not None else ""
        if status == "replay":
            status, extra = 201, "Idempotent-Replayed: true\r\n"
        writer.write(
            f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n{extra}\r\n".encode() + body
        )
        await writer.drain()
        writer.close()


@asynccontextmanager
async def scripted(*script) -> AsyncIterator[tuple[str, ScriptedServer]]:
    server = ScriptedServer(list(script))
    listening = await asyncio.start_server(server.handle, "127.0.0.1", 0)
    port = listening.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}", server
    finally:
        listening.close()
        await listening.wait_closed()


def call(policy: RetryPolicy, method: str, url: str, **kwargs) -> tuple[httpx.Response | Exception, list[Exchange]]:
    exchanges: list[Exchange] = []
    with RetryingClient(policy, timeout=5, on_exchange=exchanges.append, seed=1) as client:
        try:
            return client.request(method, url, **kwargs), exchanges
        except httpx.HTTPError as error:
            return error, exchanges


async def test_a_write_survives_dropped_connections_and_503s_and_keeps_one_idempotency_key():
    async with scripted("drop", 503, "drop", 502, 504) as (url, server):
        response, [exchange] = await asyncio.to_thread(call, FAST, "POST", f"{url}/v1/allianties", json={"naam": "x"})
    assert response.status_code == 200 and response.json() == {"attempt": 6}
    keys = {seen["idempotency-key"] for seen in server.seen}
    correlations = {seen["x-correlation-id"] for seen in server.seen}
    assert len(server.seen) == 6 and len(keys) == 1 and len(correlations) == 1, "one key and one correlation id across the retries"
    assert exchange.idempotency_key in keys and exchange.attempts == 6 and exchange.status == 200
    assert exchange.retried_for == ["RemoteProtocolError", "503", "RemoteProtocolError", "502", "504"]


async def test_every_write_gets_its_own_key_a_given_key_is_kept_and_reads_get_none():
    async with scripted() as (url, server):
        await asyncio.to_thread(call, FAST, "POST", url)
        await asyncio.to_thread(call, FAST, "PUT", url)
        await asyncio.to_thread(call, FAST, "DELETE", url, headers={"Idempotency-Key": "mine"})
        await asyncio.to_thread(call, FAST, "GET", url)
    keys = [seen.get("idempotency-key") for seen in server.seen]
    assert keys[0] != keys[1] and None not in keys[:2]
    assert keys[2:] == ["mine", None]


async def test_a_read_is_retried_the_same_way():
    async with scripted(503, "drop") as (url, server):
        response, [exchange] = await asyncio.to_thread(call, FAST, "GET", f"{url}/v1/aanvragen")
    assert response.status_code == 200 and exchange.attempts == 3 and len(server.seen) == 3


async def test_retry_after_is_honoured():
    async with scripted((503, 1)) as (url, _):
        began = time.monotonic()
        response, _ = await asyncio.to_thread(call, RetryPolicy(total=10, first_wait=0.01, max_wait=5), "POST", url)
    assert response.status_code == 200
    assert time.monotonic() - began >= 1.0, "waited the second the server asked for"


async def test_the_total_time_is_bounded_and_the_last_answer_returned():
    async with scripted(*[503] * 1000) as (url, server):
        began = time.monotonic()
        response, [exchange] = await asyncio.to_thread(call, RetryPolicy(total=1.5, first_wait=0.05, max_wait=0.3), "POST", url)
    assert response.status_code == 503 and exchange.status == 503
    assert 1 < exchange.attempts == len(server.seen)
    assert time.monotonic() - began < 3


async def test_a_service_that_stays_away_raises_the_connection_error_after_the_budget():
    nobody = f"http://127.0.0.1:{free_port()}"
    began = time.monotonic()
    error, [exchange] = await asyncio.to_thread(call, RetryPolicy(total=1, first_wait=0.05, max_wait=0.2), "POST", nobody)
    assert isinstance(error, httpx.ConnectError)
    assert exchange.attempts > 1 and exchange.status is None and exchange.error.startswith("ConnectError")
    assert time.monotonic() - began < 3


@pytest.mark.parametrize("status", [400, 409, 422, 500])
async def test_an_answer_other_than_502_503_or_504_is_not_retried(status):
    async with scripted(status) as (url, server):
        response, [exchange] = await asyncio.to_thread(call, FAST, "POST", url)
    assert response.status_code == status and exchange.attempts == 1 and len(server.seen) == 1


def test_retry_after_is_read_as_seconds_or_as_an_http_date():
    def answer(value: str) -> httpx.Response:
        return httpx.Response(503, headers={"Retry-After": value})

    assert retry_after_seconds(answer("3")) == 3.0
    assert 8 < retry_after_seconds(answer(formatdate(time.time() + 10, usegmt=True))) <= 10
    assert retry_after_seconds(answer("soon")) is None
    assert retry_after_seconds(httpx.Response(503)) is None


def test_backoff_grows_with_full_jitter_up_to_the_maximum_and_caps_retry_after():
    import random

    policy = RetryPolicy(total=60, first_wait=0.2, max_wait=5)
    rng = random.Random(7)
    waits = [policy.wait(retry, None, rng) for retry in range(1, 12) for _ in range(50)]
    assert all(0 <= w <= 5 for w in waits) and max(waits) > 4
    assert all(policy.wait(1, None, rng) <= 0.2 for _ in range(50))
    assert policy.wait(1, 120, rng) == 5 and policy.wait(1, 2, rng) == 2


async def test_a_caller_may_take_a_503_as_the_answer():
    async with scripted(503) as (url, server):
        exchanges: list[Exchange] = []
        with RetryingClient(FAST, on_exchange=exchanges.append) as client:
            response = await asyncio.to_thread(client.get, f"{url}/readyz", retry_statuses=frozenset())
    assert response.status_code == 503 and len(server.seen) == 1 and exchanges[0].attempts == 1


async def test_a_write_whose_answer_was_lost_is_answered_by_replay_and_the_exchange_says_so():
    async with scripted("drop", "replay") as (url, server):
        response, [exchange] = await asyncio.to_thread(call, FAST, "POST", f"{url}/v1/aanvragen")
    assert response.status_code == 201 and exchange.replayed and exchange.attempts == 2
    assert server.seen[0]["idempotency-key"] == server.seen[1]["idempotency-key"]
