"""Phase 0, notificatie: two municipal systems subscribe to every event before the round starts.

Both are small HTTP servers inside the demo process, on loopback: ``financien`` always answers,
``archief`` is down for the first seconds of the round (503) and then recovers. The demo's last phase
shows that both received everything, in order per stream.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from allianties_infra.demo.client import DemoClient, expect
from allianties_infra.demo.state import RoundState
from allianties_infra.embedded import free_port
from allianties_infra.tokens import issue
from allianties_shared.domain import Role


class LocalSubscriber:
    """A webhook as another municipal system runs it: validation handshake, HMAC check, a log of what arrived."""

    def __init__(self, name: str, secret: str, down_for_seconds: float = 0.0) -> None:
        self.name = name
        self.secret = secret.encode()
        self.down_until = 0.0
        self.down_for_seconds = down_for_seconds
        self.received: list[dict] = []
        self.refused = 0
        self.bad_signatures = 0
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), self._handler())
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/allianties"

    def go_down(self) -> None:
        self.down_until = time.monotonic() + self.down_for_seconds

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's name
                pass

            def _reply(self, status: int, headers: dict[str, str] | None = None) -> None:
                self.send_response(status)
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_OPTIONS(self) -> None:  # noqa: N802 - CloudEvents web hook validation
                self._reply(200, {"WebHook-Allowed-Origin": self.headers.get("WebHook-Request-Origin", "*")})

            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with owner.lock:
                    if time.monotonic() < owner.down_until:
                        owner.refused += 1
                        self._reply(503)
                        return
                    expected = "sha256=" + hmac.new(owner.secret, body, hashlib.sha256).hexdigest()
                    if not hmac.compare_digest(expected, self.headers.get("Signature", "")):
                        owner.bad_signatures += 1
                        self._reply(401)
                        return
                    owner.received.append(json.loads(body))
                self._reply(202)

        return Handler

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def run(demo: DemoClient, state: RoundState) -> None:
    for name, down_for in (("financien", 0.0), ("archief", 8.0)):
        secret = f"{name}-{state.run_id}-gedeeld-geheim"
        subscriber = LocalSubscriber(name, secret, down_for)
        token = issue(demo.secret, Role.SYSTEEM, f"systeem:{name}", ())
        body = {"callback_url": subscriber.url, "hmac_geheim": secret}
        response = demo.http.post(
            f"{demo.urls['notificatie']}/v1/abonnementen", json=body, headers={"Authorization": f"Bearer {token}"}
        )
        subscription = expect(response, 201).json()
        state.subscribers[name] = subscriber
        state.subscriptions[name] = subscription["abonnement_id"]
        demo.step(
            f"notificatie: [bold]{name}[/] subscribes {subscriber.url} to every event (HMAC-signed CloudEvents), "
            f"after the validation handshake; from feed position {subscription['vanaf_positie']}"
        )
    state.subscribers["archief"].go_down()  # type: ignore[attr-defined]
    demo.step("[yellow]archief[/] goes down for the first seconds of the round: notificatie retries with backoff, in order per stream")

