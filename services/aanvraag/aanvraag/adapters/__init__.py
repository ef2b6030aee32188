"""Adapters of the intake service: read models in PostgreSQL."""
