"""A departing rep's book handed to successors: the owned records every handover moves
(``owned``: one declaration per kind), plan (preview), run, revert, and the report's data.

Imports every domain below it; nothing imports it but the CLI.
"""
