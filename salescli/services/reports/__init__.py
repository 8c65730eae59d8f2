"""Cross-domain reports: reps, activity, win/loss.

Imports ``core`` and ``pipeline``.
"""
