"""The assessment domain. Standard library, pydantic and the shared kit only."""
