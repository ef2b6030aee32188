"""Real servers on loopback for the notification tests: an SMTP server (aiosmtpd), an HTTP subscriber
and a small stand-in for aanvraag's contact person API."""

from __future__ import annotations

import asyncio
import contextlib
import email
import json
import threading
import time
from email.message import EmailMessage
from email.policy import default
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller

from allianties_infra.embedded import free_port


class MailSink:
    """An SMTP server on loopback that keeps every mail it receives."""

    def __init__(self, *, hold_first: bool = False) -> None:
        self.messages: list[EmailMessage] = []
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.hold_first = hold_first  # the first mail is kept, but its "250 OK" waits until ``release`` is set
        self.holding = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(email.message_from_bytes(envelope.content, policy=default))
        if self.hold_first and len(self.messages) == 1:  # received, as a real server has, before the sender hears so
            self.holding.set()
            deadline = time.monotonic() + 60
            while not self.release.is_set() and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


class _Server:
    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
        self.httpd.owner = self  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _Quiet(BaseHTTPRequestHandler):
    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's name
        pass

    def reply(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _SubscriberHandler(_Quiet):
    def do_OPTIONS(self) -> None:  # noqa: N802
        owner: Subscriber = self.server.owner  # type: ignore[attr-defined]
        origin = self.headers.get("WebHook-Request-Origin", "")
        owner.handshakes.append(origin)
        self.reply(200, headers={"WebHook-Allowed-Origin": origin} if owner.accept_handshake else {})

    def do_POST(self) -> None:  # noqa: N802
        owner: Subscriber = self.server.owner  # type: ignore[attr-defined]
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with owner.lock:
            owner.arrivals.append((time.monotonic(), json.loads(body)))
            hold = owner.hold_first and len(owner.arrivals) == 1
        if hold:  # keep the sender waiting, as a slow subscriber does, until the test lets go
            owner.holding.set()
            owner.release.wait(timeout=60)
            with contextlib.suppress(OSError):  # the sender may be gone by now
                self.reply(202)
            return
        with owner.lock:
            owner.calls += 1
            failing = owner.down or owner.calls <= owner.fail_first
            if not failing:
                owner.received.append(json.loads(body))
                owner.bodies.append(body)
                owner.headers.append(dict(self.headers))
        self.reply(503 if failing else 202)


class Subscriber(_Server):
    """A municipal system's webhook on loopback: it answers the handshake, and fails its first ``fail_first`` deliveries."""

    def __init__(self, *, fail_first: int = 0, accept_handshake: bool = True, hold_first: bool = False) -> None:
        super().__init__(_SubscriberHandler)
        self.fail_first = fail_first
        self.hold_first = hold_first  # the first POST is read, then held open until ``release`` is set
        self.holding = threading.Event()
        self.release = threading.Event()
        self.arrivals: list[tuple[float, dict]] = []  # every POST read, held or not, with its monotonic time
        self.accept_handshake = accept_handshake
        self.down = False
        self.calls = 0
        self.lock = threading.Lock()
        self.handshakes: list[str] = []
        self.received: list[dict] = []
        self.bodies: list[bytes] = []
        self.headers: list[dict] = []

    def __exit__(self, *exc) -> None:
        self.release.set()
        super().__exit__(*exc)

    def types(self) -> list[str]:
        return [e["type"].split(".")[-2] for e in self.received]


class _ContactsHandler(_Quiet):
    def do_GET(self) -> None:  # noqa: N802
        owner: FakeContacts = self.server.owner  # type: ignore[attr-defined]
        owner.authorizations.append(self.headers.get("Authorization", ""))
        person_id = self.path.rsplit("/", 1)[-1]
        contact = owner.people.get(person_id)
        if contact is None:
            self.reply(404)
            return
        self.reply(200, json.dumps({"persoon_id": person_id, **contact}).encode(), {"Content-Type": "application/json"})


class FakeContacts(_Server):
    """``GET /v1/contactpersonen/{persoon_id}`` as aanvraag serves it."""

    def __init__(self) -> None:
        super().__init__(_ContactsHandler)
        self.people: dict[str, dict] = {}
        self.authorizations: list[str] = []

    def add(self, person_id: str, alliance_id: str, name: str, address: str, language: str = "nl") -> None:
        self.people[person_id] = {"alliantie_id": alliance_id, "naam": name, "email": address, "taal": language, "gewist": False}

    def erase(self, person_id: str) -> None:
        self.people[person_id].update(naam="[gewist]", email="[gewist]", gewist=True)
