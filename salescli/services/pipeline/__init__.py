"""The sales funnel: stages, opportunities and their moves, the funnel analytics, the
forecast and quotas; the opportunities' CSV mapping.

Modules, each importing only the ones listed before it: ``stages``; ``opportunities``
(a deal's record: add, edit, reads); ``lifecycle`` (advance, back, win, lose, suspend,
reactivate, reopen, transfer); ``shares`` (co-owners); ``opportunities_csv`` (the CSV
columns, aliases and cell readers); ``opportunities_import``; ``opportunities_export``;
``archive`` (archive, purge); ``funnel``; ``quotas``; ``forecast``.

Imports ``core`` and ``customers``.
"""
