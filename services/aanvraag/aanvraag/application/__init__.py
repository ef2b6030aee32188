"""Use cases of the intake service: one small handler per command."""
