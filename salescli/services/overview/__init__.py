"""A customer seen whole, across the domains below: the account's page (`account show`:
profile facts, contacts, leads, deals, activities, contracts and overdue receivables; a
deal's page with its contracts). Customer value (revenue, classes,
lifecycle) belongs here too, as it reads deals, contracts and receipts.

Imports ``core``, ``customers``, ``leads``, ``pipeline``, ``orders`` and ``value``.
"""
