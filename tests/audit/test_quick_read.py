"""The audit's fast paths judge every record exactly as the full decode does (on the real events of
the 2021 demo round, and on records made to be awkward)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import orjson
import pytest

from allianties_infra.audit.wire import Link, WireEvent, from_wire, quick_read
from allianties_shared.events.recorded import (
    EventMetadata,
    RecordedEvent,
    canonical_json,
    fast_hash_matches,
    hashed_content,
)
from bench.replay_corpus import TEMPLATE, load_template


@pytest.fixture(scope="module")
def demo_round() -> list[WireEvent]:
    return load_template()


def test_the_fast_form_is_byte_for_byte_the_defining_form_for_every_real_event(demo_round):
    for wire in demo_round:
        event = wire.event
        content = hashed_content(
            str(event.event_id), event.stream_id, event.version, event.name, event.schema_version,
            event.data, event.metadata.as_dict(), event.recorded_at.isoformat(),
        )
        assert orjson.dumps(content, option=orjson.OPT_SORT_KEYS) == canonical_json(content).encode(), event.name
        assert wire.intact and event.hash_matches()


def an_event(data: dict) -> RecordedEvent:
    event = RecordedEvent(
        uuid.uuid4(), "stroom-1", "stroom", 1, "iets-gebeurd", 1, data,
        EventMetadata("c", "a", "systeem"), datetime(2021, 3, 31, 21, 58, tzinfo=UTC),
    )
    return event._replace(hash=event.expected_hash())


@pytest.mark.parametrize(
    "data",
    [{"bedrag": 1e16}, {"klein": 1e-7}, {"naam": "Ünïcødé ✓", "regel": "a\u2028b\x7f"}, {"groot": 2**70}],
    ids=["float with exponent", "tiny float", "non-ASCII", "integer beyond 64 bits"],
)
def test_values_the_fast_form_writes_differently_still_verify_through_the_defining_form(data):
    event = an_event(data)
    assert event.hash_matches()
    tampered = event._replace(data={**data, "extra": 1})
    assert not tampered.hash_matches()


def test_the_fast_check_never_confirms_a_hash_it_did_not_compute():
    event = an_event({"fractie": 1e-7})  # json writes 1e-07, orjson 1e-7: the fast form cannot confirm
    content = hashed_content(str(event.event_id), event.stream_id, 1, event.name, 1, event.data, event.metadata.as_dict(), event.recorded_at.isoformat())
    assert not fast_hash_matches(event.prev_hash, content, event.hash)
    assert not fast_hash_matches(event.prev_hash, {"not json": object()}, event.hash)


def test_a_quick_read_gives_the_same_facts_as_the_full_decode_for_every_real_record():
    import gzip

    with gzip.open(TEMPLATE) as lines:
        for offset, value in enumerate(lines):
            quick = quick_read("t", 0, offset, value)
            full = from_wire("t", 0, offset, value)
            assert quick is not None and isinstance(full, WireEvent)
            assert quick.link == Link.of(full)
            assert (quick.name, quick.data) == (full.event.name, full.event.data)


def records_made_awkward(demo_round) -> dict[str, bytes]:
    ce = json.loads(_wire_bytes(demo_round[0]))
    return {
        "id in capitals": json.dumps(ce | {"id": ce["id"].upper()}).encode(),
        "time with an offset": json.dumps(ce | {"time": ce["time"].replace("Z", "+00:00")}).encode(),
        "tampered data": json.dumps(ce | {"data": {**ce["data"], "naam": "Vervalst"}}).encode(),
        "no type": json.dumps({k: v for k, v in ce.items() if k != "type"}).encode(),
        "a list as data": json.dumps(ce | {"data": [1, 2]}).encode(),
        "source not text": json.dumps(ce | {"source": 7}).encode(),
        "not JSON": b"{nope",
    }


def _wire_bytes(wire: WireEvent) -> bytes:
    from allianties_shared.events.envelope import CloudEvent

    return CloudEvent.from_recorded(wire.event, oin="00000001002564440000", service=wire.producer, schema_base_url="http://x").to_bytes()


def test_an_awkward_record_is_left_to_the_full_decode_which_judges_it(demo_round):
    awkward = records_made_awkward(demo_round)
    for case, value in awkward.items():
        assert quick_read("t", 0, 0, value) is None, case
    intact = {case: getattr(from_wire("t", 0, 0, value), "intact", None) for case, value in awkward.items()}
    assert intact == {
        "id in capitals": True,  # the stored form is str(UUID): the full decode normalises and confirms
        "time with an offset": True,
        "tampered data": False,
        "no type": None,  # unreadable
        "a list as data": False,
        "source not text": None,
        "not JSON": None,
    }
