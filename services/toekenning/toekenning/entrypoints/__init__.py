"""Thin edges of the assessment service."""
