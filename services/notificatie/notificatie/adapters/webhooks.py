"""Webhooks as the CloudEvents HTTP binding wants them: structured mode, with the validation handshake.

- Validation (CloudEvents "HTTP 1.1 Web Hooks for Event Delivery", section 4): ``OPTIONS`` with
  ``WebHook-Request-Origin``; the subscriber agrees by answering ``WebHook-Allowed-Origin`` with that
  origin or ``*``.
- Delivery: ``POST`` of the CloudEvent JSON with ``Content-Type: application/cloudevents+json;
  charset=UTF-8``, plus the subscriber's API-key header and/or ``Signature: sha256=<hex HMAC of the body>``.
"""

from __future__ import annotations

import hashlib
import hmac

import httpx
import orjson

from allianties_shared import tracing
from allianties_shared.events.envelope import CONTENT_TYPE
from notificatie.application.ports import Response, Target

SIGNATURE_HEADER = "Signature"


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class HttpWebhooks:
    def __init__(self, origin: str, timeout: float = 5.0) -> None:
        self.origin = origin
        self.timeout = timeout
        self._client: httpx.AsyncClient | None = None

    @property
    def client(self) -> httpx.AsyncClient:
        """One pooled client for the service's life: building a client (and its TLS context) per call is costly."""
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self.timeout)
        return self._client

    async def validate(self, callback_url: str) -> Response:
        try:
            response = await self.client.options(callback_url, headers={"WebHook-Request-Origin": self.origin})
        except httpx.HTTPError as error:
            return Response(None, type(error).__name__)
        allowed = response.headers.get("WebHook-Allowed-Origin")
        if response.is_success and allowed in (self.origin, "*"):
            return Response(response.status_code)
        return Response(None, f"HTTP {response.status_code}, WebHook-Allowed-Origin {allowed!r}")

    async def deliver(self, target: Target, body: bytes) -> Response:
        headers = {"Content-Type": CONTENT_TYPE, "WebHook-Request-Origin": self.origin}
        if target.api_key_header and target.api_key:
            headers[target.api_key_header] = target.api_key
        if target.hmac_secret:
            headers[SIGNATURE_HEADER] = signature(target.hmac_secret, body)
        with tracing.client_span("webhook deliver", *_trace_of(body), **{"url.full": target.callback_url}) as trace_headers:
            headers.update(trace_headers)  # W3C trace context: the subscriber may continue the event's trace
            try:
                response = await self.client.post(target.callback_url, content=body, headers=headers)
            except httpx.HTTPError as error:
                return Response(None, type(error).__name__)
        return Response(response.status_code, None if response.is_success else f"HTTP {response.status_code}")


def _trace_of(cloudevent: bytes) -> tuple[str | None, str | None]:
    """The trace the delivered event was recorded in (read only when tracing is on)."""
    if not tracing.enabled():
        return None, None
    try:
        event = orjson.loads(cloudevent)
    except orjson.JSONDecodeError:
        return None, None
    traceparent, tracestate = event.get("traceparent"), event.get("tracestate")
    return (traceparent if isinstance(traceparent, str) else None), (tracestate if isinstance(tracestate, str) else None)
