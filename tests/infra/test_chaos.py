"""A fault-injection run inside ``make test``: intake rounds for a minute on two instances per service while
random service processes are SIGKILLed and the broker is restarted once; then nothing is lost or doubled."""

from __future__ import annotations

import random

import pytest
from rich.console import Console

from allianties_infra.chaos import ChaosOptions, execute, print_result
from tests.infra.test_stack import processes_using

pytestmark = pytest.mark.slow


def test_a_minute_of_intake_under_random_kills_and_a_broker_restart_loses_nothing_and_doubles_nothing(tmp_path):
    data_dir = tmp_path / "data"
    log = tmp_path / "chaos.log"
    seed = random.randrange(1_000_000)
    options = ChaosOptions(workload="intake", seconds=60, data_dir=data_dir, seed=seed, kill_every=(3.0, 8.0))
    with log.open("w", encoding="utf-8") as out:
        console = Console(file=out, width=200)
        result = execute(options, console)
        print_result(result, console)
    output = f"seed {seed}\n" + log.read_text(encoding="utf-8")[-6000:]

    kills = [f for f in result.faults if f.what == "kill"]
    assert len(kills) >= 3, output
    assert [f.what for f in result.faults].count("broker") == 1, "the broker is restarted exactly once\n" + output
    assert result.workload.rounds >= 1 and result.workload.journal, output
    by_name = {check.name: check for check in result.checks}
    for name in (
        "workload completed",
        "system settled",
        "accepted commands: one transaction each, refusals none",
        "consumer effects: once per consumed event",
        "mail: every sent message in the sink, duplicates recognisable",
        "webhooks: every feed event delivered in stream order, duplicates recognisable",
    ):
        assert by_name[name].passed and by_name[name].checked, f"{name}: {by_name[name].failures[:5]}\n{output}"
    audit = [c for c in result.checks if c.name.startswith("audit: ")]
    assert audit and all(c.passed for c in audit), output
    assert result.passed, output
    assert processes_using(str(data_dir)) == [], "the harness leaves nothing running"
