"""The replay benchmark at toy size, against the suite's PostgreSQL and broker: the corpus is
realistic and consistent, and the replay verifies every event it counts."""

from __future__ import annotations

import asyncio

from allianties_infra.audit.orphans import OrphanEvidence, check_orphans
from allianties_infra.audit.wire import WireEvent
from allianties_shared.eventstore.verification import verify_chains
from bench.replay import run_replay_benchmark
from bench.replay_corpus import copies, load_template, record_template, run_tag
from bench.report import replay_table
from bench.runner import QuietReporter


def test_copies_of_the_demo_round_are_new_events_with_intact_chains_and_references():
    template = load_template()
    assert len(template) == 2804 and run_tag(template) == "261806"
    total = 2 * len(template) + 500  # two whole copies and the start of a third
    corpus = list(copies(template, total))

    assert len(corpus) == total
    assert len({c.event.event_id for c in corpus}) == total, "every event id is new"
    assert not {c.event.event_id for c in corpus} & {w.event.event_id for w in template}
    assert {c.event.data["alliantie_id"] for c in corpus if c.event.name == "alliantie-geregistreerd"} >= {
        "bipoc-alliantie-000000", "bipoc-alliantie-000001"
    }
    events = sorted((c.event for c in corpus), key=lambda e: (e.stream_id, e.version))
    assert verify_chains(events) == []
    wires = [WireEvent(c.producer, "t", 0, n, c.event, True) for n, c in enumerate(corpus)]
    orphans = check_orphans(OrphanEvidence.of(wires))
    assert orphans.passed and orphans.checked > 100


def test_the_run_tag_of_a_template_is_the_demo_run_id_in_hex():
    [first, *_] = load_template()
    registered = first._replace(event=first.event._replace(name="alliantie-geregistreerd", data={"alliantie_id": "bipoc-alliantie-0518de"}))
    assert run_tag([registered]) == "0518de"


def test_the_replay_reads_and_verifies_every_event_across_the_four_topics(postgres, kafka_settings, tmp_path):
    events = 3_000
    result = asyncio.run(run_replay_benchmark(postgres, kafka_settings, events, QuietReporter()))

    assert result["replay_events"] == events == sum(result["replay_events_per_service"].values())
    assert all(result["replay_events_per_service"][s] > 0 for s in ("aanvraag", "toekenning", "verantwoording", "notificatie"))
    assert result["replay_events_per_s"] > 0 and result["replay_setup_publish_events_per_s"] > 0
    checks = result["replay_checks"]
    assert checks["hash chains intact and stream versions contiguous"] == events
    assert checks["topics equal the producing services' stores (count and hash)"] == events
    assert checks["no orphans (every reference between services resolves)"] > 0
    assert result["replay_history_events"] > 10 and result["replay_alliance"].endswith("-000000")
    assert replay_table(result).row_count >= 8

    recorded = tmp_path / "template.jsonl.gz"  # what `python -m bench.replay_corpus` does after a demo
    assert asyncio.run(record_template(kafka_settings, recorded)) == events
    assert len(load_template(recorded)) == events
