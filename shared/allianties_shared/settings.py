"""Settings from environment variables, one model per concern, read at start-up (never at import).

Every service reads the same ``KAFKA_*``, ``ALLIANTIES_*`` and ``LOG_*`` variables plus its own
``<SERVICE>_*`` ones (for example ``AANVRAAG_DATABASE_URL``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

GEMEENTE_AMSTERDAM_OIN = "00000001002564440000"
SHUTDOWN_STOP_SECONDS = 5.0
"""Of the shutdown grace, kept for the stop after the last request: the relay's batch, the consumers, the pool."""


class KafkaSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KAFKA_", extra="ignore")

    bootstrap_servers: str = "127.0.0.1:9092"
    topic_prefix: str = "allianties."
    group_prefix: str = Field(
        default="", description="put before every consumer group id: several systems (or test runs) on one cluster"
    )
    partitions: int = Field(default=4, ge=1)
    replication_factor: int = Field(default=1, ge=1)
    session_timeout_ms: int = Field(default=10_000, ge=1_000)
    heartbeat_interval_ms: int = Field(default=3_000, ge=100)
    fetch_max_wait_ms: int = Field(default=20, ge=0)
    metadata_max_age_ms: int = Field(
        default=30_000, ge=500, description="how soon a consumer notices a topic that was (re)created"
    )
    max_attempts: int = Field(default=3, ge=1, description="tries before a message goes to the dead-letter topic")
    security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] = "SCRAM-SHA-512"
    sasl_username: str = ""
    sasl_password: SecretStr = SecretStr("")
    ssl_cafile: str = Field(default="", description="CA bundle to verify the brokers; empty = the system's")

    @model_validator(mode="after")
    def _sasl_needs_credentials(self) -> KafkaSettings:
        if self.security_protocol.startswith("SASL") and not (self.sasl_username and self.sasl_password.get_secret_value()):
            raise ValueError("KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD are required with a SASL security protocol")
        return self

    def topic(self, service: str) -> str:
        """The topic a service publishes its events to: one per producing service."""
        return f"{self.topic_prefix}{service}"

    def group_id(self, consumer_group: str) -> str:
        """The consumer group's id on the cluster (the name it has in our databases is ``consumer_group``)."""
        return f"{self.group_prefix}{consumer_group}"

    def dead_letter_topic(self, consumer_group: str) -> str:
        return f"{self.topic_prefix}{consumer_group}.dlq"


class PlatformSettings(BaseSettings):
    """What all services share: identity towards other systems, and the token secret."""

    model_config = SettingsConfigDict(env_prefix="ALLIANTIES_", extra="ignore")

    oin: str = Field(default=GEMEENTE_AMSTERDAM_OIN, pattern=r"^[0-9]{20}$")
    auth_secret: SecretStr = Field(min_length=32)
    regulation_file: str = Field(default="", description="a regulation YAML file; empty = the packaged 2021 regulation")
    settable_clock: bool = Field(
        default=False, description="let an operator set the service's clock (PUT /ops/clock): development and demos only"
    )
    db_pool_size: int = Field(default=12, ge=2, description="connections a service instance keeps to its database at most")
    db_pool_timeout_seconds: float = Field(
        default=5.0, gt=0, description="how long a request waits for a free database connection before 503"
    )
    max_body_bytes: int = Field(
        default=256 * 1024, ge=1024, description="request-body limit of every route that does not declare its own"
    )
    idempotency_retention_seconds: int = Field(
        default=86_400, ge=1, description="how long the first answer to a write with an Idempotency-Key is replayed"
    )
    http_reuse_port: bool = Field(
        default=False, description="bind the HTTP port with SO_REUSEPORT, so several instances on one host share it"
    )
    shutdown_grace_seconds: float = Field(
        default=20.0, ge=6, description="on SIGTERM: how long draining, in-flight requests and stopping may take in all"
    )
    shutdown_drain_seconds: float = Field(
        default=5.0, ge=0, description="on SIGTERM: how long /readyz answers 503 while requests are still taken"
    )

    @model_validator(mode="after")
    def _drain_within_grace(self) -> PlatformSettings:
        if self.shutdown_drain_seconds + SHUTDOWN_STOP_SECONDS + 1 > self.shutdown_grace_seconds:
            raise ValueError(
                f"ALLIANTIES_SHUTDOWN_GRACE_SECONDS must exceed ALLIANTIES_SHUTDOWN_DRAIN_SECONDS by at least {SHUTDOWN_STOP_SECONDS + 1:g}"
            )
        return self

    @property
    def request_grace_seconds(self) -> float:
        """What in-flight requests get once no new ones are taken: the grace less the drain and the stop."""
        return self.shutdown_grace_seconds - self.shutdown_drain_seconds - SHUTDOWN_STOP_SECONDS


class LogSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="LOG_", extra="ignore")

    format: Literal["auto", "json", "console"] = "auto"
    level: str = "INFO"


class ServiceSettings(BaseSettings):
    """Per service; subclasses set ``env_prefix`` (``AANVRAAG_``, ``TOEKENNING_``, ...)."""

    model_config = SettingsConfigDict(extra="ignore")

    database_url: str
    http_host: str = "127.0.0.1"
    http_port: int
    public_url: str = ""
    relay_enabled: bool = True
    consumers_enabled: bool = True
    tickers_enabled: bool = Field(default=True, description="contend for the ticker lock (deadlines, reminders, mail)")

    @property
    def base_url(self) -> str:
        return self.public_url or f"http://{self.http_host}:{self.http_port}"


def env_names(model: type[BaseSettings]) -> set[str]:
    """The environment variables a settings model reads (upper case)."""
    prefix = model.model_config.get("env_prefix", "")
    return {f"{prefix}{name}".upper() for name in model.model_fields}
