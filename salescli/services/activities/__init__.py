"""Activities (visits, calls, emails, meetings), the daily digest (``remind``), calendar
export; their CSV mapping.

Imports ``core``, ``customers`` and ``pipeline`` (an activity may belong to a deal).
"""
