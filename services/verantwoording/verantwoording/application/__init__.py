"""Use cases of the accountability service."""
