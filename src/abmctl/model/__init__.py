"""Pydantic models, one module per file kind; `rules` holds the settings files."""
