"""Kafka: topics, the outbox relay, idempotent consumers and the dead-letter topic."""
