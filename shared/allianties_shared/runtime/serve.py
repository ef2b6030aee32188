"""The process entrypoint every service's ``main`` calls: settings, logging, app, uvicorn."""

from __future__ import annotations

from collections.abc import Callable

import uvicorn
from pydantic import ValidationError

from allianties_shared.logging import configure_logging, get_logger
from allianties_shared.runtime.app import create_app
from allianties_shared.runtime.definition import ServiceDefinition
from allianties_shared.settings import KafkaSettings, LogSettings, PlatformSettings


def serve(bootstrap: Callable[[], ServiceDefinition]) -> None:
    try:
        definition = bootstrap()
        platform, kafka = PlatformSettings(), KafkaSettings()
    except ValidationError as error:
        missing = ", ".join(".".join(map(str, e["loc"])).upper() or "?" for e in error.errors())
        raise SystemExit(f"configuration error: {missing}: {error.errors(include_url=False)[0]['msg']}") from None
    configure_logging(LogSettings(), service=definition.name)
    get_logger(__name__).info("service.starting", kafka=kafka.bootstrap_servers, port=definition.settings.http_port)
    app = create_app(definition, platform, kafka)
    uvicorn.run(
        app,
        host=definition.settings.http_host,
        port=definition.settings.http_port,
        log_level="warning",
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=5,
    )
