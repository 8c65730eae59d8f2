"""import undo: every import is kept with what it created and the rows it changed, as
they were, so it can be undone

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('import_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.String(), nullable=False),
    sa.Column('rep_id', sa.Integer(), nullable=True),
    sa.Column('entity', sa.String(), nullable=False),
    sa.Column('file', sa.String(), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('inserted', sa.Integer(), nullable=False),
    sa.Column('updated', sa.Integer(), nullable=False),
    sa.Column('tables', sa.String(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('undone_at', sa.String(), nullable=True),
    sa.Column('undone_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['rep_id'], ['rep.id'], ),
    sa.ForeignKeyConstraint(['undone_by_id'], ['rep.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('import_change',
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('tbl', sa.String(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(), nullable=False),
    sa.Column('before', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['import_id'], ['import_run.id'], ),
    sa.PrimaryKeyConstraint('import_id', 'tbl', 'record_id')
    )


def downgrade() -> None:
    op.drop_table('import_change')
    op.drop_table('import_run')
