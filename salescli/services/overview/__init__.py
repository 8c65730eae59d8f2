"""A customer seen whole, across the domains below: the account's page (`account show`:
profile facts, contacts, leads, deals, activities). Customer value (revenue, classes,
lifecycle) belongs here too, as it reads deals, contracts and receipts.

Imports ``core``, ``customers``, ``leads``, ``pipeline`` and ``value``.
"""
