"""The feed, the catch-up replays and the claims are primary data: a read-model rebuild leaves them
alone, so a subscriber's positions, deliveries and start position are the same afterwards."""

from __future__ import annotations

import asyncio

from allianties_shared.eventstore.migrations import package_migrations
from notificatie.bootstrap import bootstrap, primary_migrations
from tests.notificatie.conftest import settings_for
from tests.notificatie.events import ALLIANCE, drafted, submitted
from tests.notificatie.loopback import Subscriber
from tests.notificatie.subscribing import delivery_log, logged, received, subscribe
from tests.support import eventually, migrated_pool, running_service

AANVRAAG = ["aanvraag-opgesteld", "aanvraag-ingediend"]


async def rebuilt(client) -> dict:
    started = await client.request("POST", "/ops/rebuild", role="operator")
    assert started.status_code == 202, started.text

    async def done() -> bool:
        return (await client.request("GET", "/ops/rebuild", role="operator")).json()["state"] in ("done", "failed")

    await eventually(done, timeout=60, what="the rebuild")
    return (await client.request("GET", "/ops/rebuild", role="operator")).json()


async def test_a_rebuild_keeps_the_feed_positions_deliveries_and_start_position_and_delivery_goes_on(notificatie, producer):
    with Subscriber() as subscriber:
        subscription = await subscribe(notificatie, subscriber, types=AANVRAAG)
        await producer.publish("aanvraag", "aanvraag-h1", drafted(ALLIANCE, "h1"))
        await producer.publish("aanvraag", "aanvraag-h1", submitted(ALLIANCE, "h1"))
        await received(subscriber, 2)
        await logged(notificatie, subscription, 2)
        path = f"/v1/abonnementen/{subscription['abonnement_id']}"
        feed_before = (await notificatie.request("GET", "/v1/gebeurtenissen", role="operator")).json()
        log_before = await delivery_log(notificatie, subscription)
        progress = await rebuilt(notificatie)
        assert progress["state"] == "done", progress
        assert "feed" not in progress["tables"] and "replays" not in progress["tables"] and "deliveries" in progress["tables"]
        assert (await notificatie.request("GET", "/v1/gebeurtenissen", role="operator")).json() == feed_before
        assert await delivery_log(notificatie, subscription) == log_before
        assert (await notificatie.request("GET", path, role="operator")).json()["vanaf_positie"] == subscription["vanaf_positie"]

        await producer.publish("aanvraag", "aanvraag-h2", drafted(ALLIANCE, "h2"))
        await received(subscriber, 3)
        await asyncio.sleep(0.5)  # nothing delivered before the rebuild comes again
    assert [e["subject"] for e in subscriber.received] == ["aanvraag-h1", "aanvraag-h1", "aanvraag-h2"]
    positions = [f["positie"] for f in (await notificatie.request("GET", "/v1/gebeurtenissen", role="operator")).json()]
    assert positions == sorted(positions) and positions[: len(feed_before)] == [f["positie"] for f in feed_before]


LEGACY_FEED = """CREATE TABLE feed (
    position bigserial PRIMARY KEY, event_id uuid NOT NULL UNIQUE, producer text NOT NULL, name text NOT NULL,
    subject text NOT NULL, sequence bigint NOT NULL, alliance_id text, priorities int[] NOT NULL DEFAULT '{}',
    time timestamptz NOT NULL, body text NOT NULL);
CREATE INDEX feed_by_time ON feed (time);
CREATE TABLE replays (subscription_id uuid NOT NULL, event_id uuid NOT NULL, PRIMARY KEY (subscription_id, event_id));
INSERT INTO feed (position, event_id, producer, name, subject, sequence, time, body)
VALUES (41, '0b0e7a4e-6a55-4d0b-9a3e-5b8d1f0c2a11', 'aanvraag', 'aanvraag-opgesteld', 'aanvraag-oud', 1, now(), '{}');
SELECT setval('feed_position_seq', 41);"""


async def test_a_database_whose_feed_a_read_model_migration_made_keeps_its_feed(notificatie_database, mail, contacts, kafka_settings):
    # The tables as the read-model migrations made them before (feed and replays among them), recorded as applied.
    legacy = sorted([*package_migrations("notificatie.adapters"), ("003_replays", LEGACY_FEED)])
    async with migrated_pool(notificatie_database, legacy):
        pass
    definition = bootstrap(settings_for(notificatie_database, mail, contacts.url))
    assert all(name.startswith("notificatie_primary_") for name, _ in primary_migrations())
    async with running_service(definition, kafka_settings) as client:
        feed = await client.service.pool.fetch("SELECT position, event_id::text FROM feed ORDER BY position")
        assert [tuple(r) for r in feed] == [(41, "0b0e7a4e-6a55-4d0b-9a3e-5b8d1f0c2a11")]
        assert await client.service.pool.fetchval("SELECT nextval('feed_position_seq')") == 42
