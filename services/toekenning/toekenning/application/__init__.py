"""Use cases of the assessment service."""
