"""The sales funnel: stages, opportunities and their moves, the funnel analytics, the
forecast and quotas; the opportunities' CSV mapping.

Imports ``core`` and ``customers``.
"""
