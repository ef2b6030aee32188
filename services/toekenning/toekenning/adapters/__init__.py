"""Adapters of the assessment service."""
