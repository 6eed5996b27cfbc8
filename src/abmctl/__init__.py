"""abmctl: an account-based marketing program's rules of engagement, kept as code."""

__version__ = "0.1.0"
