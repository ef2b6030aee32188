"""Thin edges of the accountability service."""
