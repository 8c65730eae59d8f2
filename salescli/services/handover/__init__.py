"""A departing rep's book handed to successors: plan (preview), run, revert, and the
report's data.

Imports every domain below it; nothing imports it but the CLI.
"""
