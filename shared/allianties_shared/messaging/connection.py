"""One place that turns ``KAFKA_*`` security settings into client options (aiokafka and FastStream)."""

from __future__ import annotations

import ssl
from typing import Any

from faststream.security import BaseSecurity, SASLPlaintext, SASLScram256, SASLScram512

from allianties_shared.settings import KafkaSettings


def _ssl_context(settings: KafkaSettings) -> ssl.SSLContext | None:
    if settings.security_protocol not in ("SSL", "SASL_SSL"):
        return None
    return ssl.create_default_context(cafile=settings.ssl_cafile or None)


def aiokafka_options(settings: KafkaSettings) -> dict[str, Any]:
    """Keyword arguments for AIOKafkaProducer, AIOKafkaConsumer and AIOKafkaAdminClient."""
    options: dict[str, Any] = {"bootstrap_servers": settings.bootstrap_servers, "security_protocol": settings.security_protocol}
    if context := _ssl_context(settings):
        options["ssl_context"] = context
    if settings.security_protocol.startswith("SASL"):
        options.update(
            sasl_mechanism=settings.sasl_mechanism,
            sasl_plain_username=settings.sasl_username,
            sasl_plain_password=settings.sasl_password.get_secret_value(),
        )
    return options


def faststream_security(settings: KafkaSettings) -> BaseSecurity | None:
    context = _ssl_context(settings)
    use_ssl = context is not None
    if not settings.security_protocol.startswith("SASL"):
        return BaseSecurity(ssl_context=context, use_ssl=True) if use_ssl else None
    kind = {"PLAIN": SASLPlaintext, "SCRAM-SHA-256": SASLScram256, "SCRAM-SHA-512": SASLScram512}[settings.sasl_mechanism]
    return kind(settings.sasl_username, settings.sasl_password.get_secret_value(), ssl_context=context, use_ssl=use_ssl)
