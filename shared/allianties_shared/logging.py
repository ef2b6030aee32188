"""structlog, configured once: JSON when not on a terminal, readable on one; correlation id bound.

Personal data never goes into a log line: log ids (stream, event, alliance), not names or e-mail.
"""

from __future__ import annotations

import logging
import sys

import structlog

from allianties_shared.settings import LogSettings


def configure_logging(settings: LogSettings | None = None, *, service: str | None = None) -> None:
    settings = settings or LogSettings()
    as_json = settings.format == "json" or (settings.format == "auto" and not sys.stderr.isatty())
    level = logging.getLevelNamesMapping().get(settings.level.upper(), logging.INFO)
    renderer = structlog.processors.JSONRenderer() if as_json else structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.StackInfoRenderer(),
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=structlog.PrintLoggerFactory(sys.stderr),
        cache_logger_on_first_use=True,
    )
    logging.basicConfig(level=max(level, logging.WARNING), stream=sys.stderr, format="%(name)s %(levelname)s %(message)s")
    if service:
        structlog.contextvars.bind_contextvars(service=service)


def get_logger(name: str | None = None) -> structlog.typing.FilteringBoundLogger:
    return structlog.get_logger(name)
