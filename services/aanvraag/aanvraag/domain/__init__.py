"""The intake domain: alliances and applications. Standard library, pydantic and the shared kit only."""
