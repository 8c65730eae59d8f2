"""A departing rep's book handed to successors: previewed, run in one transaction,
reported and reversible.

- ``owned``: the kinds of record a rep owns, each declared once; a new kind (quotes,
  contracts) joins every handover by its declaration there.
- ``plan``: the plan, which is also the preview: who takes what, the introduction
  visits, what stays and why (with the request and the plan's records).
- ``run``: carrying a plan out in one transaction, an event and an item per record moved.
- ``revert``: undoing a handover, leaving alone what changed since.
- ``history``: the handovers done (list, show).
- ``book``: reading the departing rep's book, and the cards the report shows of its
  accounts, deals and leads.
- ``common``: the share and visit kinds, the bulk change of owners
  (run and revert).

Inside, imports go one way: run → plan → book → common → owned; revert and history →
common. Names with a leading underscore belong to the package: its modules share them,
nothing outside it (but its tests) uses them. Imports every domain below it; nothing
imports it but the CLI (and the renderer, for types).
"""
