"""import undo compares with what the import left: each row an import changed is kept as
it left it too, so undo restores only what is unchanged since

Revision ID: 0014
Revises: 0008
Create Date: 2026-12-05
"""
from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Imports kept before this revision have no 'after': their undo compares nothing more
    # than before (events and update times).
    with op.batch_alter_table('import_change') as batch_op:
        batch_op.add_column(sa.Column('after', sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('import_change') as batch_op:
        batch_op.drop_column('after')
