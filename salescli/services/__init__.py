"""The business rules: the only code that writes. No terminal here (ruff enforces it)."""
