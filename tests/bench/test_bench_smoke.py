"""The benchmark's measuring functions, at toy sizes, against the suite's PostgreSQL."""

from __future__ import annotations

import json

from allianties_infra.embedded import EmbeddedPostgres
from bench.report import results_table, write_results
from bench.runner import REQUIRED_KEYS, Sizes, run_benchmark

TINY = Sizes(aggregates=5, events_per_aggregate=3, concurrency=4, page_size=4, read_repeats=2, rounds=1)


def test_the_benchmark_reports_every_required_number(postgres: EmbeddedPostgres, tmp_path):
    result = run_benchmark(postgres, TINY)

    missing = [key for key in REQUIRED_KEYS if key not in result]
    assert not missing, f"missing keys: {missing}"
    for key in REQUIRED_KEYS:
        if key.endswith("_per_s") or key.endswith("_eventsourcing"):
            assert isinstance(result[key], float) and result[key] > 0, key
    assert (result["aggregates"], result["events_per_aggregate"], result["concurrency"]) == (5, 3, 4)
    assert result["machine"]["nproc"] > 0 and result["machine"]["python"]
    assert result["peer_threaded_append_events_per_s"] > 0

    path = write_results(result, tmp_path / "results.json")
    assert json.loads(path.read_text())["append_events_per_s"] == result["append_events_per_s"]
    assert results_table(result).row_count >= 8
