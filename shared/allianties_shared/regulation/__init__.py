"""The regulation as data: priorities, rounds and their dates, documents, budgets, terms.

The model (``model.py``) is pure pydantic, so every domain layer may use it; the loader reads the
YAML file (the packaged one, or ``ALLIANTIES_REGULATION_FILE``). A new round is configuration only.
"""
