"""``allianties status`` tells an operator what is wrong, and says so in its exit code: 0 healthy, else
the sum of 1 (down or not ready), 4 (a relay lags), 8 (dead letters wait), 16 (mail or deliveries given up)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
import pytest
from typer.testing import CliRunner

from aanvraag.bootstrap import bootstrap
from aanvraag.settings import AanvraagSettings
from allianties_infra import cli, ops_client
from allianties_infra.embedded import free_port
from allianties_infra.ops_client import Target
from allianties_infra.status_health import DEAD_LETTERS, DOWN, LAGGING, UNDELIVERED, exit_code, problems
from allianties_infra.status_tables import failing_subscriber_table, status_tables
from allianties_infra.tokens import issue
from allianties_shared.domain import Role
from allianties_shared.runtime import create_app
from allianties_shared.settings import PlatformSettings
from tests.aanvraag.examples import ALLIANCE, ALLIANCE_ID
from tests.infra.test_status_tables import rendered, row
from tests.support import served_on_loopback


def healthy(service: str = "aanvraag", **overrides) -> dict:
    state = {
        "service": service, "url": "http://127.0.0.1:8001", "running": True, "topic": f"allianties.{service}",
        "ready": {"status": "ready", "checks": {"database": True, "broker": True, "consumers": True}},
        "relay": {"position": 7, "head": 7, "lag": 0, "lag_seconds": 0.0},
        "consumers": [], "dead_letters": {"entries": 0, "waiting": 0},
    }
    return state | overrides


FAILING = {
    "abonnement_id": "5f0c", "callback_host": "financien.example:8443", "failing": 2, "dead_letters": 1,
    "last_failure_at": "2021-04-01T10:00:00+00:00", "last_status": 503, "last_error": None,
}


def test_healthy_services_are_exit_code_0():
    assert exit_code(problems([healthy(), healthy("notificatie", queues={"mail": {"pending": 3, "unsendable": 0}})], max_relay_lag_seconds=60)) == 0


def test_each_kind_of_problem_has_its_own_code_and_together_they_add_up():
    down = {"service": "toekenning", "url": "http://127.0.0.1:8002", "running": False, "error": "connection refused"}
    not_ready = healthy("verantwoording", ready={"status": "not-ready", "checks": {"database": True, "broker": False, "consumers": False}})
    lagging = healthy(relay={"position": 7, "head": 9, "lag": 2, "lag_seconds": 75.5})
    notificatie = healthy(
        "notificatie", dead_letters={"entries": 4, "waiting": 1}, queues={"mail": {"unsendable": 2}}, failing_subscribers=[FAILING]
    )
    found = problems([down, not_ready, lagging, notificatie], max_relay_lag_seconds=60)
    assert [(p.code, str(p)) for p in found] == [
        (DOWN, "toekenning: down (connection refused)"),
        (DOWN, "verantwoording: not ready (broker, consumers)"),
        (LAGGING, "aanvraag: relay lags 76 s (2 events unpublished)"),
        (DEAD_LETTERS, "notificatie: 1 dead letters wait for a redrive"),
        (UNDELIVERED, "notificatie: 2 mails could not be sent (given up)"),
        (UNDELIVERED, "notificatie: subscription 5f0c (financien.example:8443): 2 failing, 1 given up; last: 503"),
    ]
    assert exit_code(found) == 1 + 4 + 8 + 16
    assert exit_code(problems([lagging], max_relay_lag_seconds=120)) == 0


def test_a_consumer_group_that_lags_more_than_asked_counts_as_lagging_only_when_asked():
    consumers = [{"group": "toekenning", "topics": ["allianties.aanvraag"], "joined": True, "partitions": [], "lag": 250}]
    state = healthy("toekenning", consumers=consumers)
    assert problems([state], max_relay_lag_seconds=60) == []
    assert [str(p) for p in problems([state], max_relay_lag_seconds=60, max_consumer_lag=100)] == ["toekenning: consumer group toekenning lags 250 records"]
    assert exit_code(problems([state], max_relay_lag_seconds=60, max_consumer_lag=250)) == 0


def test_the_tables_show_relay_lag_in_seconds_and_the_failing_subscribers():
    states = [healthy(relay={"position": 7, "head": 9, "lag": 2, "lag_seconds": 75.5}), healthy("notificatie", failing_subscribers=[FAILING])]
    services = rendered(status_tables(states, None)[0])
    assert row(services, "aanvraag")[5] == "2 (75.5 s)"
    assert row(rendered(failing_subscriber_table(states)), "5f0c") == [
        "notificatie", "5f0c", "financien.example:8443", "2", "1", "2021-04-01T10:00:00+00:00", "503", "-",
    ]
    assert failing_subscriber_table([healthy()]) is None


@pytest.fixture
def operator(monkeypatch, tmp_path):
    """The CLI signs nothing: it uses an operator token; no supervisor state."""
    token = issue(PlatformSettings().auth_secret.get_secret_value(), Role.OPERATOR, "status-test")
    monkeypatch.setenv("ALLIANTIES_TOKEN", token)
    monkeypatch.setenv("ALLIANTIES_DATA_DIR", str(tmp_path))
    return {"Authorization": f"Bearer {token}"}


async def allianties_status(monkeypatch, targets: list[Target], *args: str):
    monkeypatch.setattr(ops_client, "targets", lambda config=None: targets)
    return await asyncio.to_thread(CliRunner().invoke, cli.app, ["status", *args])  # a thread: the service answers on this loop


async def test_status_of_a_real_service_is_0_then_4_once_its_unpublished_event_is_older_than_the_threshold_and_1_for_one_that_is_down(
    database_url, kafka_settings, monkeypatch, operator
):
    definition = bootstrap(AanvraagSettings(database_url=database_url, relay_enabled=False))  # nothing gets published
    app = create_app(definition, PlatformSettings(settable_clock=True), kafka_settings)
    async with served_on_loopback(app) as url:
        target = Target("aanvraag", url)
        result = await allianties_status(monkeypatch, [target])
        assert result.exit_code == 0, result.output
        assert "all services ready, nothing waiting" in result.output

        async with httpx.AsyncClient(base_url=url) as http:
            lead = {"Authorization": f"Bearer {issue(PlatformSettings().auth_secret.get_secret_value(), Role.PENVOERDER, 'pv', (ALLIANCE_ID,))}"}
            assert (await http.post("/v1/allianties", json=ALLIANCE, headers=lead)).status_code == 201
            later = app.state.service.clock.now() + timedelta(seconds=90)
            assert (await http.put("/ops/clock", json={"now": later.isoformat()}, headers=operator)).status_code == 200
            relay = (await http.get("/ops/status", headers=operator)).json()["relay"]
        assert relay["lag"] == 1 and 90 <= relay["lag_seconds"] < 120

        result = await allianties_status(monkeypatch, [target], "--quiet", "--max-relay-lag", "60")
        assert result.exit_code == LAGGING
        assert result.output.strip() == "aanvraag: relay lags 90 s (1 events unpublished)"
        assert (await allianties_status(monkeypatch, [target], "--quiet", "--max-relay-lag", "300")).exit_code == 0

        gone = Target("toekenning", f"http://127.0.0.1:{free_port()}")
        result = await allianties_status(monkeypatch, [target, gone], "--max-relay-lag", "60")
        assert result.exit_code == DOWN + LAGGING
        assert "toekenning: down" in result.output and "relay lags" in result.output
