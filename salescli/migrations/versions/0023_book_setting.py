"""book settings: what belongs to the book, not to one user's config file (its
currency, so two users of one book never import in two currencies; issue 17)

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-06
"""
from alembic import op
import sqlalchemy as sa


revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'book_setting',
        sa.Column('key', sa.String(), nullable=False),
        sa.Column('value', sa.String(), nullable=False),
        sa.PrimaryKeyConstraint('key'),
    )


def downgrade() -> None:
    op.drop_table('book_setting')
