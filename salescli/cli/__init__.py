"""The command line: typer apps, one module per noun, joined in app.py."""
