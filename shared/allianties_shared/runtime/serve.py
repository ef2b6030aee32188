"""The process entrypoint every service's ``main`` calls: settings, logging, app, uvicorn."""

from __future__ import annotations

import socket
from collections.abc import Callable

import uvicorn
from pydantic import ValidationError

from allianties_shared.logging import configure_logging, get_logger
from allianties_shared.runtime.app import create_app
from allianties_shared.runtime.definition import ServiceDefinition
from allianties_shared.runtime.draining import DrainingServer
from allianties_shared.settings import KafkaSettings, LogSettings, PlatformSettings

STARTUP_FAILURE = 3  # uvicorn's exit code when the app did not start


def serve(bootstrap: Callable[[], ServiceDefinition]) -> None:
    try:
        definition = bootstrap()
        platform, kafka = PlatformSettings(), KafkaSettings()
    except ValidationError as error:
        missing = ", ".join(".".join(map(str, e["loc"])).upper() or "?" for e in error.errors())
        raise SystemExit(f"configuration error: {missing}: {error.errors(include_url=False)[0]['msg']}") from None
    configure_logging(LogSettings(), service=definition.name)
    host, port = definition.settings.http_host, definition.settings.http_port
    get_logger(__name__).info("service.starting", kafka=kafka.bootstrap_servers, port=port, reuse_port=platform.http_reuse_port)
    app = create_app(definition, platform, kafka)
    config = uvicorn.Config(
        app, host=host, port=port, log_level="warning", access_log=False, lifespan="on",
        timeout_graceful_shutdown=platform.request_grace_seconds,
    )  # fmt: skip
    server = DrainingServer(config, app, platform.shutdown_drain_seconds)
    server.run(sockets=[shared_port(host, port)] if platform.http_reuse_port else None)
    if not server.started:
        raise SystemExit(STARTUP_FAILURE)


def shared_port(host: str, port: int) -> socket.socket:
    """A socket bound with ``SO_REUSEPORT``: every instance on this host binds its own, and the kernel
    spreads new connections over those that listen. Bound, not listening: uvicorn listens once the
    app has started, so an instance still starting gets no connections."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.set_inheritable(False)
    return sock
