"""Adapters of the notification service."""
