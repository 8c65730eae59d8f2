"""text search: a trigram text index per searched table (accounts, contacts, leads, deals,
activities), filled from the rows there are and kept in step by triggers; skipped where
SQLite has no FTS5 (searches then read the tables)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""
from alembic import op

from salescli import textsearch


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

# What each table's index holds when this revision made it: text columns, then phones
# (kept as digits). A later revision that indexes more drops and makes the index again.
INDEXED = {
    'account': (('name', 'email', 'external_id', 'phone'), ('phone',)),
    'contact': (('name', 'email', 'external_id', 'phone'), ('phone',)),
    'lead': (('name', 'company', 'email', 'external_id', 'note', 'phone'), ('phone',)),
    'opportunity': (('name', 'external_id', 'next_step', 'summary', 'competitor'), ()),
    'activity': (
        ('purpose', 'objective', 'min_objective', 'outcome', 'next_step', 'cancel_reason',
         'external_id'),
        (),
    ),
}


def _run(statements: list[str]) -> None:
    connection = op.get_bind()
    for statement in statements:
        connection.exec_driver_sql(statement)


def upgrade() -> None:
    connection = op.get_bind().connection.driver_connection
    if not textsearch.text_search_supported(connection):
        return
    for table, (columns, phones) in INDEXED.items():
        _run(textsearch.text_index_statements(table, columns, phones))


def downgrade() -> None:
    for table in INDEXED:
        _run(textsearch.drop_text_index_statements(table))
