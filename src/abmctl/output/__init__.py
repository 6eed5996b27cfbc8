"""Formatters: data in, text out. No formatter decides anything (STYLE rule 6)."""
