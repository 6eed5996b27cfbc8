"""Lint and overlap rules, one module per family; `runner` runs them."""
