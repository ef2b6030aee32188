"""The record split by stream, so that verification uses every core.

Decoding a record and checking its hash costs several times what reading it from the broker does.
The reader hands each record to one shard by its key (the stream id), so every stream, with its
whole hash chain and every redelivery of its events, lies in one shard. A shard decodes its records
and checks everything that stays within a stream: readability, duplicates, chains and versions,
and equality with the stores' heads of its streams. What crosses streams comes back small: the
evidence for the orphan check, the event ids (an id in two shards is an id under two keys), and
the events one alliance's history can draw on.

Each shard runs in a process of its own, forked from the reader before it connects to the broker
and fed through a queue; the reader itself only fetches and routes.
"""

from __future__ import annotations

import gc
import multiprocessing
import queue
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.context import ForkProcess

from allianties_infra.audit.history import PERSON_STREAM
from allianties_infra.audit.orphans import OrphanEvidence
from allianties_infra.audit.verification import (
    Check,
    check_against_stores,
    check_chains,
    distinct_events,
    unique_links,
)
from allianties_infra.audit.wire import Link, UnreadableRecord, WireEvent, from_wire, quick_read

StoreHeads = dict[str, dict[str, tuple[int, str]]]  # service -> stream -> (version, hash)
Record = tuple[int, bytes | None, bytes]  # offset, key, value


def shard_of(key: bytes | None, shards: int) -> int:
    """The shard of a record (its key is its stream id) or of a stream (its id, encoded)."""
    return zlib.crc32(key or b"") % shards


def stores_for_shard(stores: StoreHeads | None, shard: int, shards: int) -> StoreHeads | None:
    if stores is None:
        return None
    return {
        service: {stream: head for stream, head in heads.items() if shard_of(stream.encode(), shards) == shard}
        for service, heads in stores.items()
    }


@dataclass
class ShardResult:
    records: int
    unreadable: list[UnreadableRecord]
    duplicates: Check
    chains: Check
    stores: Check | None
    orphans: OrphanEvidence
    history: list[WireEvent]  # what the requested alliance's history can draw on


class Shard:
    """Decodes and checks the records of some streams. Of each event it keeps only its ``Link``
    (and, for an alliance's audit, the record itself, to decode once more if its stream turns
    out to belong to the history): a shard of millions of events stays small."""

    def __init__(self, stores: StoreHeads | None, alliance_id: str | None) -> None:
        self.stores = stores
        self.alliance_id = alliance_id
        self.links: list[Link] = []
        self.unreadable: list[UnreadableRecord] = []
        self.orphans = OrphanEvidence()
        self.kept: list[tuple[str, str, int, int, bytes]] = []  # (stream, topic, partition, offset, value)
        self.history_streams: set[str] = set()
        self.misplaced: list[str] = []

    def take(self, topic: str, partition: int, records: Sequence[Record]) -> None:
        for offset, key, value in records:
            quick = quick_read(topic, partition, offset, value)
            if quick is not None:
                link, name, data = quick
            else:
                read = from_wire(topic, partition, offset, value)
                if not isinstance(read, WireEvent):
                    self.unreadable.append(read)
                    continue
                link, name, data = Link.of(read), read.event.name, read.event.data
            if not isinstance(data, dict):  # readable, but no event of ours: its chain and store say the rest
                data = {}
            if key != link.stream_id.encode():  # the relay keys every record by its stream; routing relies on it
                self.misplaced.append(f"{link.place}: recorded under key {key!r}, not under its stream {link.stream_id}")
            self.links.append(link)
            self.orphans.add(link.event_id, name, data)
            if self.alliance_id is not None:
                self.kept.append((link.stream_id, topic, partition, offset, value))
                if data.get("alliantie_id") == self.alliance_id or link.stream_id.startswith(PERSON_STREAM):
                    self.history_streams.add(link.stream_id)

    def result(self) -> ShardResult:
        duplicates = Check("each event id stands for one event (redeliveries are identical)")
        links = unique_links(self.links, duplicates)
        chains = check_chains(links)
        chains.failures += self.misplaced
        return ShardResult(
            records=len(self.links) + len(self.unreadable),
            unreadable=self.unreadable,
            duplicates=duplicates,
            chains=chains,
            stores=check_against_stores(links, self.stores) if self.stores is not None else None,
            orphans=self.orphans,
            history=self._history_candidates(),
        )

    def _history_candidates(self) -> list[WireEvent]:
        """Every event of a stream that ever named the alliance or is a contact person's (see
        ``alliance_history``), one copy of each."""
        decoded = (from_wire(*record[1:]) for record in self.kept if record[0] in self.history_streams)
        return distinct_events(w for w in decoded if isinstance(w, WireEvent))


def _serve(shard: Shard, inbox: multiprocessing.Queue, outbox: multiprocessing.Queue) -> None:
    """A shard's process: take batches until ``None``, then send the result."""
    gc.disable()  # nothing here forms cycles, and the process ends with its work
    while (batch := inbox.get()) is not None:
        shard.take(*batch)
    outbox.put(shard.result())


class ShardProcess:
    """A shard in a forked process. Fork before the reader opens sockets or starts threads of its own."""

    def __init__(self, shard: Shard) -> None:
        context = multiprocessing.get_context("fork")
        self._inbox: multiprocessing.Queue = context.Queue()
        self._outbox: multiprocessing.Queue = context.Queue()
        self._process: ForkProcess = context.Process(target=_serve, args=(shard, self._inbox, self._outbox), daemon=True)
        self._process.start()

    def take(self, topic: str, partition: int, records: list[Record]) -> None:
        self._inbox.put((topic, partition, records))  # a feeder thread pickles and sends it

    def result(self) -> ShardResult:
        self._inbox.put(None)
        while True:
            try:
                result = self._outbox.get(timeout=1)
            except queue.Empty:
                if not self._process.is_alive():
                    raise RuntimeError(f"a verification process ended without a result (exit code {self._process.exitcode})") from None
                continue
            self._process.join()
            return result

    def stop(self) -> None:
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        self._inbox.close()
        self._outbox.close()
