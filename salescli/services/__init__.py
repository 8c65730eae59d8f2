"""The business rules: the only code that writes. No terminal here (ruff enforces it).

One package per domain, each importing only the packages below it, never sideways in a
circle (``tests/test_architecture.py`` checks it):

    handover/    a departing rep's book: owned records, plan, run, revert, history
    reports/     cross-domain reports: reps, activity, win/loss
    overview/    a customer seen whole: the account page (later: customer value)
    leads/       leads, qualification, conversion into account, contact and deal
    activities/  visits, calls and the rest; the daily digest; calendar export
    pipeline/    stages, opportunities, funnel, forecast, quotas
    customers/   accounts and contacts
    core/        session, events, edits, rows, reps, touches, the bulk CSV engine

Each domain keeps its CSV mapping beside its service (``leads/leads_csv.py``). A new
domain (quotes, contracts, campaigns) gets a package of its own, with a docstring like
these saying what lives there and what it may import.
"""
