"""What ``allianties status`` prints beyond services and groups: the supervisor's processes with their
restarts, every live instance with its restarts joined in by pid, notificatie's queues; and a
consumer lag that never reads below 0."""

from __future__ import annotations

from types import SimpleNamespace

from aiokafka import TopicPartition
from rich.console import Console

from allianties_infra.status_tables import instance_table, process_table, queue_table
from allianties_shared.runtime.ops import _consumer_status

SUPERVISED = {
    "pid": 1, "replicas": 2,
    "processes": [
        {"name": "aanvraag-0", "service": "aanvraag", "index": 0, "pid": 4321, "state": "up", "restarts": 3, "since": "2021-04-01T00:00:00+00:00", "last_exit": -9},
        {"name": "aanvraag-1", "service": "aanvraag", "index": 1, "pid": 4322, "state": "starting", "restarts": 0, "since": "2021-04-01T00:00:00+00:00", "last_exit": None},
        {"name": "broker", "service": None, "index": None, "pid": 99, "state": "up", "restarts": 1, "since": "2021-04-01T00:00:00+00:00", "last_exit": -9},
    ],
}
STATES = [
    {
        "service": "aanvraag",
        "instances": [
            {"id": "vm-4321-a", "pid": 4321, "host": "vm", "started_at": "2021-04-01T00:00:01Z", "last_seen": "2021-04-01T00:01:00Z", "relay": True, "tickers": False},
            {"id": "vm-4322-b", "pid": 4322, "host": "vm", "started_at": "2021-04-01T00:00:02Z", "last_seen": "2021-04-01T00:01:00Z", "relay": False, "tickers": False},
        ],
    },
    {"service": "notificatie", "queues": {"mail": {"pending": 2, "unsendable": 1}}},
]


def rendered(table) -> list[str]:
    console = Console(width=200, record=True)
    console.print(table)
    return console.export_text().splitlines()


def row(lines: list[str], key: str) -> list[str]:
    """The cells of the table row that has a cell ``key``."""
    rows = [[cell.strip() for cell in line.strip("│").split("│")] for line in lines if line.startswith("│")]
    return next(cells for cells in rows if key in cells)


def test_the_supervised_processes_show_their_pid_state_restarts_and_last_exit():
    lines = rendered(process_table(SUPERVISED))
    assert row(lines, "aanvraag-0")[:4] == ["aanvraag-0", "4321", "up", "3"]
    assert row(lines, "aanvraag-0")[-1] == "-9"
    assert row(lines, "broker")[:4] == ["broker", "99", "up", "1"]


def test_every_live_instance_is_listed_with_its_restarts_joined_by_pid():
    lines = rendered(instance_table(STATES, SUPERVISED))
    assert row(lines, "vm-4321-a") == ["aanvraag", "vm-4321-a", "4321", "vm", "2021-04-01T00:00:01Z", "2021-04-01T00:01:00Z", "relay", "3"]
    assert row(lines, "vm-4322-b")[-1] == "0"


def test_without_a_registry_or_a_running_supervisor_those_tables_are_left_out():
    assert instance_table([{"service": "aanvraag"}], None) is None
    assert process_table(None) is None


def test_queues_are_shown_with_their_counts():
    assert row(rendered(queue_table(STATES)), "notificatie") == ["notificatie", "mail", "pending: 2, unsendable: 1"]


class BrokerAheadOfItsHighWaterMark:
    """Tansu can report an end offset short of the last records of a batch we already committed."""

    def assignment(self):
        return {TopicPartition("allianties.aanvraag", 0)}

    async def end_offsets(self, partitions):
        return {tp: 5 for tp in partitions}

    async def committed(self, tp):
        return 7


async def test_a_committed_offset_beyond_the_reported_end_is_no_lag_not_a_negative_one():
    handle = SimpleNamespace(
        subscriber=SimpleNamespace(consumer=BrokerAheadOfItsHighWaterMark()), joined=True,
        consumer=SimpleNamespace(group="toekenning", counts={}), topics=["allianties.aanvraag"],
    )
    status = await _consumer_status(handle)
    assert status["partitions"] == [{"topic": "allianties.aanvraag", "partition": 0, "committed": 7, "end": 5, "lag": 0}]
    assert status["lag"] == 0
