"""Overload and bad input at the edge of a real service (aanvraag): body limits read incrementally, a bounded pool."""

from __future__ import annotations

import asyncio
import time
from urllib.parse import urlsplit

import pytest
from pydantic import ValidationError

from aanvraag.application.commands import MAX_DOCUMENT_BASE64, DocumentUpload
from aanvraag.bootstrap import bootstrap
from aanvraag.settings import AanvraagSettings
from allianties_shared.domain import Actor, Role
from allianties_shared.eventstore.database_errors import DatabaseUnavailable
from allianties_shared.http.auth import TokenIssuer
from allianties_shared.runtime import create_app
from allianties_shared.settings import PlatformSettings
from tests.aanvraag.complete_application import complete_application
from tests.aanvraag.examples import ALLIANCE, ALLIANCE_ID, document_body
from tests.support import running_service, served_on_loopback

LEAD = {"role": "penvoerder", "alliances": (ALLIANCE_ID,)}
EN = {"Accept-Language": "en"}
CHUNK = 64 * 1024
DEFAULT_LIMIT = PlatformSettings().max_body_bytes


class EndlessBody:
    """A request body that would never end; it counts what the server pulled from it."""

    def __init__(self) -> None:
        self.sent = 0

    async def __aiter__(self):
        while self.sent < 1 << 30:
            self.sent += CHUNK
            yield b" " * CHUNK


@pytest.fixture
async def edge(database_url, kafka_settings):
    """aanvraag with a small pool that gives up quickly, and a clock the test can set."""
    platform = PlatformSettings(settable_clock=True, db_pool_size=3, db_pool_timeout_seconds=0.5)
    async with running_service(bootstrap(AanvraagSettings(database_url=database_url)), kafka_settings, platform=platform) as client:
        yield client


def assert_too_large(answer) -> None:
    assert answer.status_code == 413, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["rule"] == "request-body-too-large" and "larger than" in answer.json()["detail"]


async def test_a_body_that_announces_itself_too_large_is_refused_before_a_byte_is_read(edge):
    body = EndlessBody()
    headers = {"Content-Length": str(10 * 1024**3), "Content-Type": "application/json", **EN}
    answer = await edge.request("POST", "/v1/allianties", content=body, headers=headers, **LEAD)
    assert_too_large(answer)
    assert body.sent <= CHUNK  # at most what the client pushed before the answer: the server read nothing


async def test_a_streamed_body_without_a_length_is_cut_off_as_soon_as_it_passes_the_limit(edge):
    body = EndlessBody()
    answer = await edge.request(
        "POST", "/v1/allianties", content=body, headers={"Content-Type": "application/json", **EN}, **LEAD
    )
    assert "content-length" not in {k.lower() for k in answer.request.headers}
    assert_too_large(answer)
    assert body.sent <= DEFAULT_LIMIT + 2 * CHUNK  # a 1 GiB body, read no further than the limit


async def test_a_refusal_for_size_is_in_dutch_by_default_and_records_nothing(edge):
    padded = {**ALLIANCE, "naam": "x" * (DEFAULT_LIMIT + 1)}
    answer = await edge.request("POST", "/v1/allianties", json=padded, **LEAD)
    assert answer.status_code == 413 and "groter dan" in answer.json()["detail"]
    assert await edge.service.pool.fetchval("SELECT count(*) FROM events") == 0


async def test_a_document_far_over_the_default_limit_is_still_uploaded_on_its_own_route(edge):
    assert (await edge.request("POST", "/v1/allianties", json=ALLIANCE, **LEAD)).status_code == 201
    await complete_application(edge, "qa-2021", ALLIANCE_ID)
    content = b"%PDF-1.7 " + b"0" * (3 * 1024 * 1024)
    uploaded = await edge.request(
        "POST", "/v1/aanvragen/qa-2021/documenten", json=document_body("begroting", content), headers={"Idempotency-Key": "doc-1"}, **LEAD
    )
    assert uploaded.status_code == 201, uploaded.text
    assert uploaded.json()["grootte_bytes"] == len(content)


def test_the_base64_field_itself_is_limited_to_the_largest_document():
    assert MAX_DOCUMENT_BASE64 == 27_962_028  # 20 MiB as base64
    with pytest.raises(ValidationError, match="inhoud_base64"):
        DocumentUpload.model_validate({"soort": "begroting", "titel": "Te groot", "inhoud_base64": "AAAA" * (MAX_DOCUMENT_BASE64 // 4 + 1)})


async def test_an_exhausted_pool_answers_503_with_retry_after_within_its_bound_and_recovers(edge):
    pool = edge.service.pool
    held = []
    try:
        while True:  # every connection of the pool, whoever else holds some
            held.append(await pool.acquire(timeout=0.3))
    except DatabaseUnavailable:
        pass
    assert len(held) >= 1
    try:
        started = time.monotonic()
        read = await edge.request("GET", "/v1/allianties", headers=EN, **LEAD)
        write = await edge.request("POST", "/v1/allianties", json=ALLIANCE, headers={"Idempotency-Key": "k-1", **EN}, **LEAD)
        elapsed = time.monotonic() - started
        for answer in (read, write):
            assert answer.status_code == 503, answer.text
            assert answer.headers["content-type"] == "application/problem+json"
            assert answer.json()["rule"] == "database-unavailable" and int(answer.headers["retry-after"]) >= 1
        assert elapsed < 3.0  # two requests, each bounded by the 0.5 s pool timeout
    finally:
        for connection in held:
            await pool.release(connection)
    assert (await edge.request("GET", "/v1/allianties", **LEAD)).status_code == 200
    retried = await edge.request("POST", "/v1/allianties", json=ALLIANCE, headers={"Idempotency-Key": "k-1"}, **LEAD)
    assert retried.status_code == 201  # nothing was stored for the key while the pool was exhausted


async def test_over_real_http_an_endless_chunked_upload_is_answered_413_and_read_no_further(database_url, kafka_settings):
    platform = PlatformSettings()
    token = TokenIssuer(platform.auth_secret.get_secret_value()).issue(Actor(id="penvoerder-1", role=Role.PENVOERDER))
    app = create_app(bootstrap(AanvraagSettings(database_url=database_url)), platform, kafka_settings)
    async with served_on_loopback(app) as url:
        reader, writer = await asyncio.open_connection("127.0.0.1", urlsplit(url).port)
        writer.write(
            b"POST /v1/allianties HTTP/1.1\r\nHost: aanvraag\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\nAuthorization: Bearer " + token.encode() + b"\r\n\r\n"
        )
        answer = asyncio.create_task(reader.readuntil(b"\r\n\r\n"))
        sent = 0
        chunk = b"%x\r\n" % CHUNK + b" " * CHUNK + b"\r\n"
        try:
            while not answer.done() and sent < 1 << 30:
                writer.write(chunk)
                sent += CHUNK
                await asyncio.wait_for(writer.drain(), 2)  # blocks once the server stops reading
        except (TimeoutError, ConnectionError):
            pass
        head = await asyncio.wait_for(answer, 10)
        writer.close()
    assert head.startswith(b"HTTP/1.1 413"), head
    assert b"application/problem+json" in head
    assert sent < 32 * 1024 * 1024  # of a 1 GiB upload: the limit plus what the sockets' buffers took
