"""Last phase, the audit: one 2021 alliance's history replayed from the topics, and the whole record verified."""

from __future__ import annotations

import asyncio
import time

import httpx

from allianties_infra import ops_client
from allianties_infra.audit.present import print_report
from allianties_infra.audit.run import run_audit, store_digests
from allianties_infra.demo.client import DemoClient, DemoError
from allianties_infra.demo.state import RoundState
from allianties_infra.http_retry import RETRY_ERRORS
from allianties_shared.settings import KafkaSettings


def run(demo: DemoClient, state: RoundState) -> None:
    alliance = next((a for a in state.alliances if a.startswith("bipoc-alliantie")), state.alliances[0])
    config = demo.config
    kafka = KafkaSettings(bootstrap_servers=config.kafka_bootstrap)

    async def audit():
        stores = await store_digests(targets, headers)
        return await run_audit(kafka, alliance_id=alliance, stores=stores)

    headers = ops_client.operator_auth(config)
    targets = ops_client.targets(config)

    def settled() -> bool:
        """Every relay has published everything its store holds (an audit compares the two)."""
        return all(ops_client.status(t, headers).get("relay", {}).get("lag", 1) == 0 for t in targets)

    demo.wait_for("every relay to publish what its store holds", settled)
    demo.step(f"An auditor replays alliance [cyan]{alliance}[/] from the Kafka topics and verifies the whole record")
    report = _retrying(lambda: asyncio.run(audit()), demo.http.policy.total)
    print_report(report, demo.console)
    if not report.passed:
        raise DemoError("the audit of the round found problems (see above)")


def _retrying(audit, seconds: float):
    """A service process may be restarting while the auditor asks it for its store's heads: ask again."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return audit()
        except (*RETRY_ERRORS, httpx.HTTPStatusError) as error:
            if time.monotonic() > deadline:
                raise DemoError(f"the services' stores could not be read for the audit: {error}") from None
            time.sleep(1)
