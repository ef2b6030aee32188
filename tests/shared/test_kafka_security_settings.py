"""A production cluster with TLS and SASL is configuration only."""

from __future__ import annotations

import pytest
from faststream.security import SASLScram512
from pydantic import ValidationError

from allianties_shared.messaging.connection import aiokafka_options, faststream_security
from allianties_shared.settings import KafkaSettings


def test_the_embedded_default_is_plaintext_without_credentials():
    settings = KafkaSettings()
    assert aiokafka_options(settings) == {"bootstrap_servers": "127.0.0.1:9092", "security_protocol": "PLAINTEXT"}
    assert faststream_security(settings) is None


def test_sasl_over_tls_reaches_aiokafka_and_faststream_alike(monkeypatch):
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "kafka-1.gemeente:9093")
    monkeypatch.setenv("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
    monkeypatch.setenv("KAFKA_SASL_USERNAME", "allianties-aanvraag")
    monkeypatch.setenv("KAFKA_SASL_PASSWORD", "s3cret")
    settings = KafkaSettings()
    options = aiokafka_options(settings)
    assert options["security_protocol"] == "SASL_SSL"
    assert options["sasl_mechanism"] == "SCRAM-SHA-512"
    assert (options["sasl_plain_username"], options["sasl_plain_password"]) == ("allianties-aanvraag", "s3cret")
    assert options["ssl_context"] is not None
    security = faststream_security(settings)
    assert isinstance(security, SASLScram512) and security.use_ssl


def test_sasl_without_credentials_is_refused_at_start_up(monkeypatch):
    monkeypatch.setenv("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
    with pytest.raises(ValidationError, match="KAFKA_SASL_USERNAME"):
        KafkaSettings()
