"""The notification domain. Standard library, pydantic and the shared kit only."""
