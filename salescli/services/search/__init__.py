"""Search across the book: accounts, contacts, leads, deals and activity notes found by
name, phone, e-mail, external id or note text, grouped by kind (``salescli search``).

Imports only ``core`` (the matching rules live in ``core.finding``, which the everyday
lists' ``--search`` share).
"""
