"""Where the embedded stack keeps its state and where each part listens."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

SERVICE_PORTS: dict[str, int] = {"aanvraag": 8001, "toekenning": 8002, "verantwoording": 8003, "notificatie": 8004}


def data_dir() -> Path:
    return Path(os.environ.get("ALLIANTIES_DATA_DIR", ".data")).resolve()


def stack_secret(directory: Path) -> str:
    """``ALLIANTIES_AUTH_SECRET`` when set, else the data directory's development secret."""
    return os.environ.get("ALLIANTIES_AUTH_SECRET") or dev_secret(directory)


def dev_secret(directory: Path) -> str:
    """The token secret of the embedded stack: made once per data directory, kept so tokens survive restarts."""
    path = directory / "dev-auth-secret"
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def replicas_from(text: str) -> int:
    """How many processes per service: a whole number from 1 to 16."""
    if not text.strip().isdigit() or not 1 <= int(text) <= 16:
        raise ValueError(f"ALLIANTIES_REPLICAS must be a whole number from 1 to 16, not {text!r}")
    return int(text)


@dataclass
class StackConfig:
    data_dir: Path
    host: str = "127.0.0.1"
    postgres_port: int = 55432
    kafka_port: int = 9092
    service_ports: dict[str, int] = field(default_factory=lambda: dict(SERVICE_PORTS))
    smtp_port: int = 8025
    replicas: int = 1

    @classmethod
    def from_environment(cls) -> StackConfig:
        """``ALLIANTIES_PG_PORT``, ``ALLIANTIES_KAFKA_PORT`` and ``ALLIANTIES_HTTP_PORT_BASE`` move the stack
        (services listen on base+1 .. base+4, the mail sink on base+25; default base 8000);
        ``ALLIANTIES_REPLICAS`` is how many processes each service runs (default 1)."""
        base = int(os.environ.get("ALLIANTIES_HTTP_PORT_BASE", "8000"))
        return cls(
            data_dir=data_dir(),
            postgres_port=int(os.environ.get("ALLIANTIES_PG_PORT", "55432")),
            kafka_port=int(os.environ.get("ALLIANTIES_KAFKA_PORT", "9092")),
            service_ports={service: base + offset for service, offset in zip(SERVICE_PORTS, range(1, 5), strict=True)},
            smtp_port=base + 25,
            replicas=replicas_from(os.environ.get("ALLIANTIES_REPLICAS", "1")),
        )

    @property
    def kafka_bootstrap(self) -> str:
        return f"{self.host}:{self.kafka_port}"

    def database_url(self, service: str) -> str:
        return f"postgresql://postgres@{self.host}:{self.postgres_port}/{service}"

    def service_url(self, service: str) -> str:
        return f"http://{self.host}:{self.service_ports[service]}"

    @property
    def mail_dir(self) -> Path:
        return self.data_dir / "mail"

    def _extra_environment(self, service: str) -> dict[str, str]:
        if service != "notificatie":
            return {}
        return {
            "NOTIFICATIE_SMTP_HOST": self.host,
            "NOTIFICATIE_SMTP_PORT": str(self.smtp_port),
            "NOTIFICATIE_AANVRAAG_URL": self.service_url("aanvraag"),
            "NOTIFICATIE_STAFF_DIRECTORY": str(self.data_dir / "accounthouders.yaml"),
        }

    def service_environment(self, service: str, secret: str) -> dict[str, str]:
        """The environment one service process gets: the same variables production sets."""
        prefix = service.upper()
        return {
            **self._extra_environment(service),
            f"{prefix}_DATABASE_URL": self.database_url(service),
            f"{prefix}_HTTP_HOST": self.host,
            f"{prefix}_HTTP_PORT": str(self.service_ports[service]),
            "KAFKA_BOOTSTRAP_SERVERS": self.kafka_bootstrap,
            "KAFKA_SESSION_TIMEOUT_MS": "2000",
            "KAFKA_HEARTBEAT_INTERVAL_MS": "500",
            "KAFKA_METADATA_MAX_AGE_MS": "3000",  # the memory broker may restart and recreate topics
            "ALLIANTIES_AUTH_SECRET": secret,
            "ALLIANTIES_SETTABLE_CLOCK": "true",  # the demo replays the 2021 round
            "ALLIANTIES_HTTP_REUSE_PORT": "true",  # the replicas of a service share its one port
            "ALLIANTIES_SHUTDOWN_GRACE_SECONDS": "10",  # within the 15 s the stack waits for its processes on Ctrl-C
            "ALLIANTIES_SHUTDOWN_DRAIN_SECONDS": "0",  # no load balancer to tell; Ctrl-C stops every replica at once
        }
