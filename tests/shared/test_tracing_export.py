"""The standard variables turn traces on: spans leave over OTLP/HTTP to the configured endpoint.
In a child process, because the SDK's provider is set once per process."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from allianties_infra.embedded import free_port

PROBE = """
from opentelemetry import trace
from allianties_shared import tracing
print(tracing.configure_tracing("aanvraag"))
with tracing.client_span("probe-span"):
    pass
getattr(trace.get_tracer_provider(), "shutdown", lambda: None)()  # off: the API's proxy has none
"""


def run_probe(**environ: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")} | environ
    return subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=60, check=True)


class _Collector(BaseHTTPRequestHandler):
    received: list[tuple[str, str, bytes]] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.received.append((self.path, self.headers.get("Content-Type", ""), body))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


def test_with_an_otlp_endpoint_spans_are_exported_over_otlp_http_under_the_services_name():
    collector = ThreadingHTTPServer(("127.0.0.1", free_port()), _Collector)
    thread = threading.Thread(target=collector.serve_forever, daemon=True)
    thread.start()
    try:
        done = run_probe(OTEL_EXPORTER_OTLP_ENDPOINT=f"http://127.0.0.1:{collector.server_address[1]}")
    finally:
        collector.shutdown()
    assert done.stdout.strip() == "True"
    ((path, content_type, body),) = _Collector.received
    assert (path, content_type) == ("/v1/traces", "application/x-protobuf")
    assert b"probe-span" in body and b"allianties-aanvraag" in body


def test_without_the_variables_nothing_is_traced():
    assert run_probe().stdout.strip() == "False"
    assert run_probe(OTEL_SDK_DISABLED="true", OTEL_TRACES_EXPORTER="console").stdout.strip() == "False"


def test_the_console_exporter_names_the_service_as_otel_service_name_says():
    done = run_probe(OTEL_TRACES_EXPORTER="console", OTEL_SERVICE_NAME="aanvraag-acceptatie")
    assert '"name": "probe-span"' in done.stdout and '"service.name": "aanvraag-acceptatie"' in done.stdout
