"""rep manager and region: who a rep reports to and where they sell, for `rep import`
and `rep export` (issue 17)

Revision ID: 0021
Revises: 0019
Create Date: 2026-12-05
"""
from alembic import op
import sqlalchemy as sa


revision = '0021'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # SQLite adds a nullable column with a reference in place: no table copy, so the
    # tables that refer to rep are left alone.
    op.execute('ALTER TABLE rep ADD COLUMN manager_id INTEGER REFERENCES rep (id)')
    op.add_column('rep', sa.Column('region', sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('rep') as batch_op:
        batch_op.drop_column('region')
        batch_op.drop_column('manager_id')
