"""What every domain stands on: the session (database, acting rep, today), events (the
audit trail), edits, row building, reps, the activities a record's page lists (touches),
the database service (backup, check), the bulk CSV engine every import goes through, and
the directory of reps, accounts and contacts by the names import files give them.

Imports only ``salescli.db``, ``models``, ``csvio``, ``dates``, ``money``, ``errors`` and
``config``; never a domain package.
"""
