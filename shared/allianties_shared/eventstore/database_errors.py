"""What the database failing looks like, and the one error the edge answers it with (503)."""

from __future__ import annotations

import asyncpg

# PostgreSQL went away: the server ended the session (terminated, shut down, restarting) or refuses new ones.
CONNECTION_LOST: tuple[type[BaseException], ...] = (
    asyncpg.PostgresConnectionError,
    asyncpg.exceptions.OperatorInterventionError,  # admin shutdown, crash shutdown, cannot connect now
    asyncpg.exceptions.TooManyConnectionsError,
    asyncpg.InterfaceError,  # "connection is closed": a connection the server dropped
    # "cannot switch to state 15; another operation (2) is in progress": a pooled connection the
    # server dropped in the middle of an operation (seen in make chaos right after PostgreSQL restarted)
    asyncpg.exceptions.InternalClientError,
    ConnectionError,  # refused or reset while reconnecting
)


class DatabaseUnavailable(Exception):
    """The database cannot take the request now (no free connection in time, or it went away): try again."""

    def __init__(self, reason: str, *, retry_after: int = 1) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after
