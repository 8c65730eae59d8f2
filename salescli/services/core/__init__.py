"""What every domain stands on: the session (database, acting rep, today), events (the
audit trail), edits, row building, reps, the activities a record's page lists (touches),
the database service (backup, check) and the bulk CSV engine every import goes through.

Imports only ``salescli.db``, ``models``, ``csvio``, ``dates``, ``money``, ``errors`` and
``config``; never a domain package.
"""
