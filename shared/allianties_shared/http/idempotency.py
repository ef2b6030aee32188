"""``Idempotency-Key`` (IETF httpapi draft "The Idempotency-Key HTTP Header Field") on every write.

A POST, PUT, PATCH or DELETE with a key runs in one database transaction (``RequestTransaction``)
whose commit also stores the answer, so a retry with the same key and the same request gets the
first answer back (``Idempotent-Replayed: true``) and records nothing new; the same key with
another method, path or body is refused (422 ``idempotency-key-reused``); a key still in use by a
running request is waited for, up to the pool timeout, then 409 ``idempotency-key-in-use``.
Keys belong to the caller: role and subject of a valid token, else a hash of the Authorization header.
Answers of 5xx are never stored (the request may be retried); every other answer is.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field

import jwt
from pydantic import ValidationError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from allianties_shared.eventstore.database_errors import CONNECTION_LOST, DatabaseUnavailable
from allianties_shared.eventstore.idempotency_keys import (
    Answer,
    KeyInUse,
    StoredAnswer,
    find_answer,
    lock_key,
    purge_expired,
    store_answer,
)
from allianties_shared.eventstore.request_transaction import KeyAlreadyAnswered, RequestTransaction
from allianties_shared.http.body_limit import read_body, replaying
from allianties_shared.http.edge_answers import send_problem
from allianties_shared.logging import get_logger

log = get_logger(__name__)

WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255
_PER_REQUEST_HEADERS = frozenset({b"content-length", b"date", b"server", b"x-correlation-id", b"connection"})
_PURGE_EVERY_SECONDS = 60.0


def parse_key(raw: bytes) -> str | None:
    """The key, from a structured-field string (``"…"``) or bare; None when empty, too long or not printable ASCII."""
    text = raw.decode("latin-1").strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    if not 0 < len(text) <= MAX_KEY_LENGTH or not all(" " <= c <= "~" for c in text):
        return None
    return text


def caller_scope(scope: Scope) -> str:
    """Whose key this is: ``<role>:<subject>`` of a valid bearer token, else a hash of the Authorization header."""
    authorization = dict(scope["headers"]).get(b"authorization", b"")
    scheme, _, token = authorization.decode("latin-1").partition(" ")
    if scheme.lower() == "bearer" and token:
        try:
            actor = scope["app"].state.tokens.verify(token)
        except (jwt.PyJWTError, ValueError, KeyError, ValidationError):
            pass
        else:
            return f"{actor.role.value}:{actor.id}"
    return "anonymous:" + hashlib.sha256(authorization).hexdigest()


def fingerprint(scope: Scope, body: bytes) -> str:
    """SHA-256 over method, path (with query) and body: what makes two requests "the same request"."""
    digest = hashlib.sha256()
    for part in (scope["method"].encode(), scope.get("raw_path") or scope["path"].encode(), scope.get("query_string", b"")):
        digest.update(part + b"\n")
    digest.update(body)
    return digest.hexdigest()


@dataclass
class _Buffered:
    """The app's answer, held back until it is stored."""

    status: int = 0
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    chunks: list[bytes] = field(default_factory=list)
    complete: bool = False

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status, self.headers = message["status"], list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            self.chunks.append(message.get("body", b""))
            self.complete = not message.get("more_body", False)

    def answer(self) -> Answer:
        kept = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in self.headers if k.lower() not in _PER_REQUEST_HEADERS]
        return Answer(self.status, kept, b"".join(self.chunks))


async def send_answer(send: Send, answer: Answer, *, replayed: bool = False) -> None:
    headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in answer.headers]
    headers.append((b"content-length", str(len(answer.body)).encode()))
    if replayed:
        headers.append((REPLAYED_HEADER.lower().encode(), b"true"))
    await send({"type": "http.response.start", "status": answer.status, "headers": headers})
    await send({"type": "http.response.body", "body": answer.body})


class IdempotencyMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._next_purge = 0.0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raw_key = dict(scope.get("headers", [])).get(HEADER.lower().encode()) if scope["type"] == "http" else None
        if raw_key is None or scope["method"] not in WRITES:
            await self.app(scope, receive, send)
            return
        key = parse_key(raw_key)
        if key is None:
            await send_problem(
                scope, send, 400, "idempotency-key-malformed",
                f"De Idempotency-Key is leeg, langer dan {MAX_KEY_LENGTH} tekens of bevat andere tekens dan ASCII.",
                f"The Idempotency-Key is empty, longer than {MAX_KEY_LENGTH} characters or not printable ASCII.",
            )  # fmt: skip
            return
        body = await read_body(receive, limit=1 << 62)  # bounded by the body limit outside this middleware
        request = _KeyedRequest(scope, caller_scope(scope), key, fingerprint(scope, body))
        try:
            answer, replayed = await self._answer(request, replaying(body, receive))
        except KeyInUse:
            await send_problem(
                scope, send, 409, "idempotency-key-in-use",
                "Een ander verzoek met deze Idempotency-Key loopt nog; probeer het straks opnieuw.",
                "Another request with this Idempotency-Key is still running; try again shortly.",
                headers=[(b"retry-after", b"1")],
            )  # fmt: skip
            return
        except (DatabaseUnavailable, *CONNECTION_LOST) as error:
            log.warning("idempotency.database_unavailable", error=type(error).__name__)
            await send_problem(
                scope, send, 503, "database-unavailable",
                "De database kan dit verzoek nu niet aannemen; er is niets vastgelegd, probeer het opnieuw.",
                "The database cannot take this request now; nothing was recorded, try again.",
                headers=[(b"retry-after", b"1")],
            )  # fmt: skip
            return
        if answer is None:
            await send_problem(
                scope, send, 422, "idempotency-key-reused",
                "Deze Idempotency-Key is al gebruikt voor een ander verzoek (methode, pad of body verschilt).",
                "This Idempotency-Key was already used for another request (method, path or body differ).",
            )  # fmt: skip
            return
        await send_answer(send, answer, replayed=replayed)
        await self._purge_now_and_then(scope)

    async def _answer(self, request: _KeyedRequest, receive: Receive) -> tuple[Answer | None, bool]:
        """The answer to send and whether it is a replay; ``None`` when the key belongs to another request."""
        service = request.scope["app"].state.service
        async with service.pool.acquire() as connection:
            stored = await find_answer(connection, request.caller, request.key)
        if stored is not None:
            return request.replay(stored), True
        buffered = _Buffered()
        with RequestTransaction.opened(
            request.caller, request.key, request.fingerprint, lock_timeout=service.platform.db_pool_timeout_seconds
        ) as pending:
            try:
                await self.app(request.scope, receive, buffered.send)
            except KeyAlreadyAnswered as answered:  # the store rolled back already
                return request.replay(answered.stored), True
            except BaseException:
                await pending.abandon()
                raise
            if not buffered.complete:
                await pending.abandon()
                raise RuntimeError("the app returned without a complete answer")
            answer = buffered.answer()
            if answer.status >= 500:
                await pending.abandon()
                return answer, False
            retention = service.platform.idempotency_retention_seconds
            if pending.connection is not None:
                await pending.commit(answer, retention_seconds=retention)
                return answer, False
        winner = await self._store_alone(service, request, answer, retention)
        return (answer, False) if winner is None else (request.replay(winner), True)

    async def _store_alone(self, service, request: _KeyedRequest, answer: Answer, retention: int) -> StoredAnswer | None:
        """Store the answer of a request that appended nothing; return the answer stored first, if another was."""
        async with service.pool.acquire() as connection, connection.transaction():
            await lock_key(connection, request.caller, request.key, timeout=service.platform.db_pool_timeout_seconds)
            winner = await find_answer(connection, request.caller, request.key)
            if winner is None:
                await store_answer(
                    connection, request.caller, request.key, request.fingerprint, answer, retention_seconds=retention
                )
            return winner

    async def _purge_now_and_then(self, scope: Scope) -> None:
        if time.monotonic() < self._next_purge:
            return
        self._next_purge = time.monotonic() + _PURGE_EVERY_SECONDS
        try:
            purged = await purge_expired(scope["app"].state.service.pool)
        except (DatabaseUnavailable, *CONNECTION_LOST):
            return  # the next write tries again
        if purged:
            log.info("idempotency.purged", keys=purged)


@dataclass(frozen=True)
class _KeyedRequest:
    scope: Scope
    caller: str
    key: str
    fingerprint: str

    def replay(self, stored: StoredAnswer) -> Answer | None:
        """The stored answer when it was given to this same request, else None (the key was reused)."""
        return stored.answer if stored.fingerprint == self.fingerprint else None
