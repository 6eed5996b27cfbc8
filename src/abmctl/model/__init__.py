"""Pydantic models, one module per file kind (`kinds` lists them); `settings` models the files
of `rules/`."""
