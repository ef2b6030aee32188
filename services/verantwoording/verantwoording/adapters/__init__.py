"""Adapters of the accountability service."""
