"""Taking back mistakes: deleting a record with a trace, merging duplicates, and undoing
the last deletion or merge.

- ``trash``: what a deletion or merge keeps in its event (the rows removed, whole; the
  references it moved or cleared; the surviving record's fields as they were) and
  putting it back (``undo``).
- ``delete``: deleting a lead, contact, account, activity or deal.
- ``merge``: merging two accounts or two contacts into one.
- ``duplicates``: finding the leads and contacts that share a phone or an email.

Imports core and the domains below it (customers, leads, pipeline, activities); nothing
imports it but the CLI (and the renderer, for types). Import undo lives in
``core/import_log`` beside the bulk engine that records imports.
"""
