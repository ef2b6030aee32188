"""A client that retries like an operator would want: safe on several instances, a killed process or a restart.

Every write (POST, PUT, PATCH, DELETE) gets one fresh ``Idempotency-Key`` and one ``X-Correlation-ID``
that stay the same across its retries, so a retry after a lost answer returns the first answer
instead of recording the command twice. A request is retried on connection errors, timeouts and
502/503/504, honouring ``Retry-After``, with exponential backoff and full jitter, until a bounded
total time has passed; then the last answer is returned, or the last error raised. Reads retry the
same way (they are safe).
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

import httpx

WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
RETRY_STATUSES = frozenset({502, 503, 504})
# Errors after which the request may not have arrived, or its answer was lost: worth another try.
RETRY_ERRORS = (httpx.NetworkError, httpx.TimeoutException, httpx.RemoteProtocolError)


@dataclass(frozen=True)
class RetryPolicy:
    """How long to keep trying: ``total`` seconds in all, waits doubling from ``first_wait`` up to ``max_wait``."""

    total: float = 60.0
    first_wait: float = 0.2
    max_wait: float = 5.0

    def wait(self, retry: int, retry_after: float | None, rng: random.Random) -> float:
        """The pause before retry number ``retry`` (1, 2, …): the server's ``Retry-After`` when it gave one
        (capped at ``max_wait``), else full jitter over an exponentially growing window."""
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_wait)
        return rng.uniform(0, min(self.max_wait, self.first_wait * 2 ** (retry - 1)))


@dataclass
class Exchange:
    """One logical request as the caller sees it: every attempt, and the answer it finally got."""

    method: str
    url: str
    idempotency_key: str | None
    correlation_id: str
    attempts: int = 0
    status: int | None = None  # None: no answer at all (the last attempt failed with ``error``)
    error: str | None = None
    retried_for: list[str] = field(default_factory=list)  # why each retry happened: "503", "ConnectError", …
    replayed: bool = False  # the service answered with its first answer to this key (``Idempotent-Replayed: true``)

    @property
    def is_write(self) -> bool:
        return self.method in WRITES


def retry_after_seconds(response: httpx.Response) -> float | None:
    """``Retry-After`` as seconds: delta-seconds or an HTTP date; None when absent or unreadable."""
    value = response.headers.get("retry-after")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return moment.timestamp() - time.time()


class RetryingClient:
    """``httpx.Client`` with the retry policy above; ``on_exchange`` sees every finished logical request."""

    def __init__(
        self,
        policy: RetryPolicy | None = None,
        *,
        timeout: float = 10.0,
        on_exchange: Callable[[Exchange], None] | None = None,
        on_retry: Callable[[Exchange, float], None] | None = None,
        seed: int | None = None,
        **client_options,
    ) -> None:
        self.policy = policy or RetryPolicy()
        self.http = httpx.Client(timeout=timeout, **client_options)
        self.on_exchange = on_exchange
        self.on_retry = on_retry
        self.rng = random.Random(seed)

    def request(
        self, method: str, url: str, *, headers: dict[str, str] | None = None, retry_statuses: frozenset[int] = RETRY_STATUSES, **kwargs
    ) -> httpx.Response:
        """``retry_statuses``: the answers worth another try (``/readyz`` answers 503 as information, not as a fault)."""
        method = method.upper()
        headers = dict(headers or {})
        lowered = {k.lower(): v for k, v in headers.items()}
        if method in WRITES and "idempotency-key" not in lowered:
            headers["Idempotency-Key"] = str(uuid.uuid4())
        if "x-correlation-id" not in lowered:
            headers["X-Correlation-ID"] = str(uuid.uuid4())
        lowered = {k.lower(): v for k, v in headers.items()}
        exchange = Exchange(method, url, lowered.get("idempotency-key"), lowered["x-correlation-id"])
        deadline = time.monotonic() + self.policy.total
        try:
            return self._attempts(exchange, deadline, retry_statuses, headers, kwargs)
        finally:
            if self.on_exchange is not None:
                self.on_exchange(exchange)

    def _attempts(
        self, exchange: Exchange, deadline: float, retry_statuses: frozenset[int], headers: dict[str, str], kwargs: dict
    ) -> httpx.Response:
        while True:
            exchange.attempts += 1
            retry_after = None
            try:
                response = self.http.request(exchange.method, exchange.url, headers=headers, **kwargs)
            except RETRY_ERRORS as error:
                exchange.status, exchange.error = None, f"{type(error).__name__}: {error}"
                reason, failure, response = type(error).__name__, error, None
            else:
                exchange.status, exchange.error = response.status_code, None
                exchange.replayed = response.headers.get("idempotent-replayed") == "true"
                if response.status_code not in retry_statuses:
                    return response
                reason, failure, retry_after = str(response.status_code), None, retry_after_seconds(response)
            pause = self.policy.wait(exchange.attempts, retry_after, self.rng)
            if time.monotonic() + pause > deadline:
                if failure is not None:
                    raise failure
                return response
            exchange.retried_for.append(reason)
            if self.on_retry is not None:
                self.on_retry(exchange, pause)
            time.sleep(pause)

    def get(self, url: str, **kwargs) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def put(self, url: str, **kwargs) -> httpx.Response:
        return self.request("PUT", url, **kwargs)

    def delete(self, url: str, **kwargs) -> httpx.Response:
        return self.request("DELETE", url, **kwargs)

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> RetryingClient:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()
