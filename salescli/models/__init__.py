"""The domain model.

- ``enums``: the closed vocabularies (roles, statuses, sources); light, used everywhere.
- ``records``: frozen dataclasses that services return; light, no ORM.
- ``tables``: the SQLModel tables that describe the schema for alembic (the order and
  marketing domains' tables live in ``tables_orders`` and ``tables_marketing``). Importing SQLModel
  costs ~440 ms, so only migrations and tests import this module; everyday commands read
  and write through the DBAPI connection (see db.py).
"""
