"""contract quote: a contract made from an accepted quote keeps which quote and version
it came from, so a second contract from the same quote is refused and the quote names
its contract

Revision ID: 0019
Revises: 0016
Create Date: 2026-12-05
"""
from alembic import op
import sqlalchemy as sa


revision = '0019'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('contract') as batch_op:
        batch_op.add_column(sa.Column('quote_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_contract_quote_id', 'quote', ['quote_id'], ['id'])
        batch_op.create_index(
            'ix_contract_quote', ['quote_id'], sqlite_where=sa.text('quote_id IS NOT NULL')
        )
    # Contracts made from a quote before this revision: their 'from-quote' event names
    # the quote's number and version.
    op.execute(
        "UPDATE contract SET quote_id = (SELECT q.id FROM event e JOIN quote q"
        " ON q.number = json_extract(e.changes, '$.quote')"
        " AND q.version = json_extract(e.changes, '$.version')"
        " WHERE e.entity = 'contract' AND e.entity_id = contract.id"
        " AND e.action = 'from-quote' ORDER BY e.id LIMIT 1)"
    )


def downgrade() -> None:
    with op.batch_alter_table('contract') as batch_op:
        batch_op.drop_index('ix_contract_quote')
        batch_op.drop_constraint('fk_contract_quote_id', type_='foreignkey')
        batch_op.drop_column('quote_id')
