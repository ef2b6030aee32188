"""Running the system: the embedded stack for development and tests, and the operator command."""
