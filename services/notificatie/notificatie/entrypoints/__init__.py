"""Thin edges of the notification service."""
