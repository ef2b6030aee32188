"""Schema migrations: ordered SQL files, applied once each, under an advisory lock.

A dozen lines of our own instead of a migration framework: the schema is plain SQL, asyncpg is
the only driver, and every service migrates its own database at start-up.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

import asyncpg

_MIGRATION_LOCK = 7_202_101


def shared_migrations() -> list[tuple[str, str]]:
    return [
        ("000_event_store", files("allianties_shared.eventstore").joinpath("schema.sql").read_text()),
        ("000_idempotency_keys", files("allianties_shared.eventstore").joinpath("idempotency.sql").read_text()),
        ("000_runtime", files("allianties_shared.runtime").joinpath("runtime.sql").read_text()),  # clock, instances
        ("000_dead_letter_redrives", files("allianties_shared.messaging").joinpath("redrives.sql").read_text()),
    ]


def package_migrations(package: str, folder: str = "migrations") -> list[tuple[str, str]]:
    root: Traversable = files(package).joinpath(folder)
    return sorted((f.name.removesuffix(".sql"), f.read_text()) for f in root.iterdir() if f.name.endswith(".sql"))


async def migrate(connection: asyncpg.Connection, migrations: list[tuple[str, str]]) -> list[str]:
    """Apply what has not been applied yet; return the names applied now."""
    applied_now: list[str] = []
    async with connection.transaction():
        await connection.execute("SELECT pg_advisory_xact_lock($1)", _MIGRATION_LOCK)
        await connection.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
        )
        done = {r["name"] for r in await connection.fetch("SELECT name FROM schema_migrations")}
        for name, sql in migrations:
            if name in done:
                continue
            await connection.execute(sql)
            await connection.execute("INSERT INTO schema_migrations (name) VALUES ($1)", name)
            applied_now.append(name)
    return applied_now
