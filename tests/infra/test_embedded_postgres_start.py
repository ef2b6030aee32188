"""The embedded PostgreSQL starts wherever the clone lies, and a server that cannot start says why at once."""

from __future__ import annotations

import asyncio
import time

import asyncpg
import pytest

from allianties_infra.embedded import EmbeddedPostgres, free_port


def test_it_starts_on_a_data_folder_too_deep_for_a_unix_socket_path(tmp_path):
    deep = tmp_path / ("a-long-folder-name-" * 6) / "data"  # the socket path would pass 107 bytes
    assert len(str(deep / ".s.PGSQL.65535")) > 107
    server = EmbeddedPostgres(deep, port=free_port())
    server.start()
    try:
        assert asyncio.run(_answer(server.dsn("postgres"))) == 1
    finally:
        server.stop()


async def _answer(dsn: str) -> int:
    connection = await asyncpg.connect(dsn)
    try:
        return await connection.fetchval("SELECT 1")
    finally:
        await connection.close()


def test_a_server_that_stops_at_its_start_is_reported_with_its_log_not_waited_for(tmp_path):
    server = EmbeddedPostgres(tmp_path / "data", port=free_port(), max_connections=0)  # PostgreSQL refuses this
    started = time.monotonic()
    with pytest.raises(RuntimeError, match=r"PostgreSQL ended before it listened.*server\.log.*max_connections"):
        server.start(timeout=60)
    assert time.monotonic() - started < 30
