"""The HTTP edge shared by the services: problem+json, bearer tokens, correlation ids, health."""
