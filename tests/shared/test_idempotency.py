"""Idempotency-Key on the writes of a real service (aanvraag), on the real PostgreSQL."""

from __future__ import annotations

import asyncio
import uuid

import asyncpg
import httpx
import pytest

from aanvraag.bootstrap import bootstrap
from aanvraag.settings import AanvraagSettings
from allianties_shared.domain import Actor, Role
from allianties_shared.eventstore import request_transaction
from allianties_shared.http.auth import TokenIssuer
from allianties_shared.runtime import create_app
from allianties_shared.settings import PlatformSettings
from tests.aanvraag.examples import ALLIANCE, ALLIANCE_ID
from tests.support import running_service, served_on_loopback

LEAD = {"role": "penvoerder", "alliances": (ALLIANCE_ID,)}
EN = {"Accept-Language": "en"}


def keyed(key: str | None = None, **headers: str) -> dict[str, str]:
    return {"Idempotency-Key": key or str(uuid.uuid4()), **headers}


async def events(intake) -> int:
    return await intake.service.pool.fetchval("SELECT count(*) FROM events")


async def test_a_retry_with_the_same_key_gets_the_first_answer_and_records_nothing_new(intake):
    headers = keyed()
    first = await intake.request("POST", "/v1/allianties", json=ALLIANCE, headers=headers, **LEAD)
    assert first.status_code == 201, first.text
    assert "idempotent-replayed" not in first.headers
    recorded = await events(intake)
    assert recorded > 0

    again = await intake.request("POST", "/v1/allianties", json=ALLIANCE, headers=headers, **LEAD)
    assert again.status_code == 201
    assert again.json() == first.json() and again.headers["content-type"] == first.headers["content-type"]
    assert again.headers["idempotent-replayed"] == "true"
    assert await events(intake) == recorded
    stored = await intake.service.pool.fetchval("SELECT count(*) FROM idempotency_keys")
    assert stored == 1


async def test_without_a_key_the_same_request_twice_is_two_commands(intake):
    assert (await intake.request("POST", "/v1/allianties", json=ALLIANCE, **LEAD)).status_code == 201
    twice = await intake.request("POST", "/v1/allianties", json=ALLIANCE, **LEAD)
    assert twice.status_code in (409, 422) and "idempotent-replayed" not in twice.headers


async def test_the_same_key_with_another_body_is_refused_in_the_callers_language_and_records_nothing(intake):
    headers = keyed()
    assert (await intake.request("POST", "/v1/allianties", json=ALLIANCE, headers=headers, **LEAD)).status_code == 201
    recorded = await events(intake)
    other = {**ALLIANCE, "alliantie_id": "een-andere-alliantie"}

    dutch = await intake.request("POST", "/v1/allianties", json=other, headers=headers, **LEAD)
    assert dutch.status_code == 422 and dutch.headers["content-type"] == "application/problem+json"
    assert dutch.json()["rule"] == "idempotency-key-reused" and "al gebruikt" in dutch.json()["detail"]
    english = await intake.request("POST", "/v1/allianties", json=other, headers={**headers, **EN}, **LEAD)
    assert english.status_code == 422 and "already used" in english.json()["detail"]
    elsewhere = await intake.request("PUT", f"/v1/allianties/{ALLIANCE_ID}/coordinatie", json=ALLIANCE, headers=headers, **LEAD)
    assert elsewhere.status_code == 422 and elsewhere.json()["rule"] == "idempotency-key-reused"
    assert await events(intake) == recorded


async def test_two_concurrent_requests_with_the_same_key_record_one_command_and_get_the_same_answer(intake):
    headers = keyed()
    answers = await asyncio.gather(
        *(intake.request("POST", "/v1/allianties", json=ALLIANCE, headers=headers, **LEAD) for _ in range(3))
    )
    assert [a.status_code for a in answers] == [201, 201, 201], [a.text for a in answers]
    assert len({a.text for a in answers}) == 1
    assert sum(a.headers.get("idempotent-replayed") == "true" for a in answers) == 2
    streams = await intake.service.pool.fetchval("SELECT count(DISTINCT stream_id) FROM events")
    versions = await intake.service.pool.fetchval("SELECT max(version) FROM events")
    assert (streams, versions) == (1, 1)


async def test_the_keys_of_two_callers_do_not_collide(intake):
    key = str(uuid.uuid4())
    other_alliance = {**ALLIANCE, "alliantie_id": "tweede-alliantie"}
    mine = await intake.request("POST", "/v1/allianties", json=ALLIANCE, headers=keyed(key), **LEAD)
    theirs = await intake.http.post(
        "/v1/allianties",
        json=other_alliance,
        headers={**intake.token("penvoerder", "penvoerder-2", ("tweede-alliantie",)), **keyed(key)},
    )
    assert (mine.status_code, theirs.status_code) == (201, 201), theirs.text
    assert "idempotent-replayed" not in theirs.headers
    assert theirs.json()["alliantie_id"] == "tweede-alliantie"
    assert await intake.service.pool.fetchval("SELECT count(DISTINCT stream_id) FROM events") == 2


async def test_a_refusal_is_stored_and_replayed_without_running_the_command_again(intake):
    lonely = {**ALLIANCE, "partners": ALLIANCE["partners"][:1]}
    headers = keyed(**EN)
    refused = await intake.request("POST", "/v1/allianties", json=lonely, headers=headers, **LEAD)
    assert refused.status_code == 422 and "idempotent-replayed" not in refused.headers
    again = await intake.request("POST", "/v1/allianties", json=lonely, headers=headers, **LEAD)
    assert again.status_code == 422 and again.json() == refused.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert await events(intake) == 0


@pytest.mark.parametrize("key", ["", '""', "x" * 256, "tab\there"])
async def test_a_malformed_key_is_a_bad_request_and_nothing_runs(intake, key):
    answer = await intake.request("POST", "/v1/allianties", json=ALLIANCE, headers={"Idempotency-Key": key, **EN}, **LEAD)
    assert answer.status_code == 400 and answer.json()["rule"] == "idempotency-key-malformed"
    assert await events(intake) == 0


async def test_a_key_given_as_a_structured_field_string_is_the_same_key_as_bare(intake):
    key = str(uuid.uuid4())
    bare = await intake.request("POST", "/v1/allianties", json=ALLIANCE, headers={"Idempotency-Key": key}, **LEAD)
    quoted = await intake.request("POST", "/v1/allianties", json=ALLIANCE, headers={"Idempotency-Key": f'"{key}"'}, **LEAD)
    assert bare.status_code == quoted.status_code == 201 and quoted.headers["idempotent-replayed"] == "true"


async def test_an_expired_key_is_a_new_key_and_expired_keys_are_purged(intake):
    headers = keyed()
    assert (await intake.request("POST", "/v1/allianties", json=ALLIANCE, headers=headers, **LEAD)).status_code == 201
    await intake.service.pool.execute("UPDATE idempotency_keys SET expires_at = now() - interval '1 second'")
    again = await intake.request("POST", "/v1/allianties", json=ALLIANCE, headers=headers, **LEAD)
    assert again.status_code == 422 and again.json()["rule"] == "alliance-unique"  # run again: the alliance exists
    assert "idempotent-replayed" not in again.headers
    expires = await intake.service.pool.fetchval("SELECT expires_at - now() FROM idempotency_keys")
    assert expires.total_seconds() > 86_000  # the expired row was replaced by the new answer

    await intake.service.pool.execute("UPDATE idempotency_keys SET expires_at = now() - interval '1 second'")
    intake.app.middleware_stack = None  # a fresh middleware stack purges on its first write
    await intake.request("POST", "/ops/republish", json={"from_position": 0}, headers=keyed(), role="operator")
    assert await intake.service.pool.fetchval("SELECT count(*) FROM idempotency_keys WHERE expires_at <= now()") == 0


async def test_an_operations_write_is_idempotent_too(intake):
    headers = keyed()
    first = await intake.request("POST", "/ops/republish", json={"from_position": 0}, headers=headers, role="operator")
    again = await intake.request("POST", "/ops/republish", json={"from_position": 0}, headers=headers, role="operator")
    assert first.status_code == again.status_code == 200 and again.headers["idempotent-replayed"] == "true"


@pytest.mark.parametrize(
    "moment",
    [
        "store_answer",  # at the commit: the answer is being stored with the command's events
        "find_answer",  # mid-command: right after the key was locked and checked, before the command ran
    ],
)
async def test_postgresql_ending_the_session_mid_command_answers_503_and_a_retry_records_the_command_once(
    intake, database_url, monkeypatch, moment
):
    admin = await asyncpg.connect(database_url)
    original = getattr(request_transaction, moment)
    killed: list[int] = []

    async def terminate(connection) -> None:
        killed.append(connection.get_server_pid())
        await admin.execute("SELECT pg_terminate_backend($1, 5000)", killed[0])  # waits until the backend is gone
        await asyncio.sleep(0.05)  # and lets the client see its socket close

    async def at_commit(connection, *args, **kwargs):
        if not killed:
            await terminate(connection)
        return await original(connection, *args, **kwargs)

    async def mid_command(connection, *args, **kwargs):
        found = await original(connection, *args, **kwargs)
        if not killed:
            await terminate(connection)
        return found

    monkeypatch.setattr(request_transaction, moment, at_commit if moment == "store_answer" else mid_command)
    headers = keyed(**EN)
    try:
        lost = await intake.request("POST", "/v1/allianties", json=ALLIANCE, headers=headers, **LEAD)
        assert killed and lost.status_code == 503, lost.text
        assert lost.headers["content-type"] == "application/problem+json" and int(lost.headers["retry-after"]) >= 1
        assert lost.json()["rule"] == "database-unavailable"
        assert await events(intake) == 0  # nothing of the command committed

        retried = await intake.request("POST", "/v1/allianties", json=ALLIANCE, headers=headers, **LEAD)
        assert retried.status_code == 201, retried.text
        assert retried.json()["alliantie_id"] == ALLIANCE_ID and "idempotent-replayed" not in retried.headers
        recorded = await events(intake)
        assert recorded == await intake.service.pool.fetchval(
            "SELECT count(*) FROM events WHERE stream_id = $1 AND version >= 1", f"alliantie-{ALLIANCE_ID}"
        )
        replayed = await intake.request("POST", "/v1/allianties", json=ALLIANCE, headers=headers, **LEAD)
        assert replayed.json() == retried.json() and replayed.headers["idempotent-replayed"] == "true"
        assert await events(intake) == recorded
    finally:
        await admin.close()


async def test_over_real_http_concurrent_retries_with_one_key_record_one_command(database_url, kafka_settings):
    definition = bootstrap(AanvraagSettings(database_url=database_url))
    platform = PlatformSettings()
    token = TokenIssuer(platform.auth_secret.get_secret_value()).issue(
        Actor(id="penvoerder-1", role=Role.PENVOERDER, alliances=frozenset({ALLIANCE_ID}))
    )
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": str(uuid.uuid4())}
    async with served_on_loopback(create_app(definition, platform, kafka_settings)) as url, httpx.AsyncClient(base_url=url) as http:
        answers = await asyncio.gather(*(http.post("/v1/allianties", json=ALLIANCE, headers=headers) for _ in range(4)))
        assert [a.status_code for a in answers] == [201] * 4, [a.text for a in answers]
        assert sum(a.headers.get("idempotent-replayed") == "true" for a in answers) == 3
        connection = await asyncpg.connect(database_url)
        try:
            assert await connection.fetchval("SELECT count(*) FROM events WHERE version > 1") == 0
            assert await connection.fetchval("SELECT count(DISTINCT stream_id) FROM events") == 1
        finally:
            await connection.close()


async def test_a_key_whose_first_request_is_still_running_gets_409_once_the_wait_is_over(database_url, kafka_settings):
    definition = bootstrap(AanvraagSettings(database_url=database_url))
    async with running_service(definition, kafka_settings, platform=PlatformSettings(db_pool_timeout_seconds=0.5)) as intake:
        key = str(uuid.uuid4())
        running = await asyncpg.connect(database_url)  # stands in for the first request, holding the key's lock
        try:
            async with running.transaction():
                await running.execute(
                    "SELECT pg_advisory_xact_lock(7202111, hashtext($1 || ' ' || $2))", "penvoerder:penvoerder-1", key
                )
                busy = await intake.request("POST", "/v1/allianties", json=ALLIANCE, headers=keyed(key, **EN), **LEAD)
            assert busy.status_code == 409 and busy.json()["rule"] == "idempotency-key-in-use", busy.text
            assert "still running" in busy.json()["detail"] and busy.headers["retry-after"] == "1"
            assert await events(intake) == 0
        finally:
            await running.close()
        after = await intake.request("POST", "/v1/allianties", json=ALLIANCE, headers=keyed(key), **LEAD)
        assert after.status_code == 201


async def test_a_keyed_write_that_reads_its_own_result_afterwards_sees_it(postgres, kafka_settings):
    """notificatie answers a new subscription from its read model, read after the command in the same request."""
    from notificatie.bootstrap import bootstrap as notificatie
    from notificatie.settings import NotificatieSettings
    from tests.notificatie.loopback import Subscriber

    name = f"n_{uuid.uuid4().hex[:12]}"
    postgres.create_database(name)
    settings = NotificatieSettings(database_url=postgres.dsn(name), aanvraag_url="http://127.0.0.1:9", smtp_port=9)
    async with running_service(notificatie(settings), kafka_settings) as service:
        with Subscriber() as subscriber:
            body = {"callback_url": subscriber.url, "hmac_geheim": "een-gedeeld-geheim", "vanaf_positie": 0}
            system = {"headers": {**service.token("systeem", actor_id="systeem:financien"), **keyed("abonnement-1")}}
            taken = await service.http.post("/v1/abonnementen", json=body, **system)
            again = await service.http.post("/v1/abonnementen", json=body, **system)
        subscriptions = await service.service.pool.fetchval("SELECT count(*) FROM subscriptions")
    assert taken.status_code == 201, taken.text
    assert taken.json()["abonnement_id"] and taken.json()["callback_url"] == subscriber.url
    assert again.json() == taken.json() and again.headers["idempotent-replayed"] == "true"
    assert subscriptions == 1
