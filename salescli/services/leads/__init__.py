"""Leads: capture, MAN qualification, the contact trail, disqualification (``leads``),
and conversion into an account, a contact and a deal (``convert``); their CSV mapping
(``leads_csv``).

``leads`` imports ``core`` only; ``convert`` also ``customers`` and ``pipeline``.
"""
