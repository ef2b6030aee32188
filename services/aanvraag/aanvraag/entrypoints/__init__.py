"""Thin edges: HTTP routes translate requests into commands and read models into responses."""
