"""The audit's verification processes: a record reaches the one that owns its stream, and a process
that dies ends the audit with a clear error instead of a wait without end."""

from __future__ import annotations

import os

import pytest

from allianties_infra.audit import shards
from allianties_infra.audit.run import run_audit
from allianties_infra.audit.shards import shard_of, stores_for_shard
from bench.replay_corpus import copies, load_template
from tests.flow.test_delivery_faults import produce


def test_a_stream_and_its_records_and_its_store_head_go_to_the_same_process():
    streams = [f"dossier-{n}" for n in range(200)]
    stores = {"verantwoording": {s: (1, "h") for s in streams}}
    for count in (1, 2, 3):
        parts = [stores_for_shard(stores, n, count)["verantwoording"] for n in range(count)]
        assert sorted(s for part in parts for s in part) == sorted(streams)
        for n, part in enumerate(parts):
            assert all(shard_of(s.encode(), count) == n for s in part)


async def test_a_verification_process_that_dies_ends_the_audit_with_a_clear_error(kafka_settings, monkeypatch):
    [event] = [c.event for c in copies(load_template(), 1)]
    from allianties_shared.events.envelope import CloudEvent

    value = CloudEvent.from_recorded(event, oin="00000001002564440000", service="aanvraag", schema_base_url="http://x").to_bytes()
    await produce(kafka_settings, kafka_settings.topic("aanvraag"), [(event.stream_id.encode(), value)])
    monkeypatch.setattr(shards.Shard, "take", lambda *_: os._exit(3))  # the forked process inherits this

    with pytest.raises(RuntimeError, match="ended without a result \\(exit code 3\\)"):
        await run_audit(kafka_settings, shards=2)
