"""quotas: each rep's quota per month, and the forecast's indexes of open deals

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('quota',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rep_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.String(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['rep_id'], ['rep.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('rep_id', 'month')
    )
    with op.batch_alter_table('opportunity', schema=None) as batch_op:
        batch_op.create_index('ix_opportunity_forecast', ['close_date', 'stage_id', 'probability', 'forecast_category', 'amount', 'owner_id', 'stage_entered'], unique=False, sqlite_where=sa.text("status = 'open' AND archived_at IS NULL"))
        batch_op.create_index('ix_opportunity_flow', ['stage_id', 'stage_entered', 'amount', 'owner_id'], unique=False, sqlite_where=sa.text("status = 'open' AND archived_at IS NULL"))


def downgrade() -> None:
    with op.batch_alter_table('opportunity', schema=None) as batch_op:
        batch_op.drop_index('ix_opportunity_flow', sqlite_where=sa.text("status = 'open' AND archived_at IS NULL"))
        batch_op.drop_index('ix_opportunity_forecast', sqlite_where=sa.text("status = 'open' AND archived_at IS NULL"))

    op.drop_table('quota')
