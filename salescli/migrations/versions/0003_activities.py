"""activities: visits, calls and other contacts; last touch of accounts and deals

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('activity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('opportunity_id', sa.Integer(), nullable=True),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('type', sa.String(), nullable=False),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('planned_on', sa.Date(), nullable=True),
    sa.Column('planned_time', sa.String(), nullable=True),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('done_time', sa.String(), nullable=True),
    sa.Column('purpose', sa.String(), nullable=True),
    sa.Column('objective', sa.String(), nullable=True),
    sa.Column('min_objective', sa.String(), nullable=True),
    sa.Column('outcome', sa.String(), nullable=True),
    sa.Column('next_step', sa.String(), nullable=True),
    sa.Column('cancel_reason', sa.String(), nullable=True),
    sa.Column('follows_id', sa.Integer(), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('external_id', sa.String(), nullable=True),
    sa.Column('created_at', sa.String(), nullable=False),
    sa.Column('updated_at', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], ),
    sa.ForeignKeyConstraint(['follows_id'], ['activity.id'], ),
    sa.ForeignKeyConstraint(['opportunity_id'], ['opportunity.id'], ),
    sa.ForeignKeyConstraint(['owner_id'], ['rep.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('external_id')
    )
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.create_index('ix_activity_account', ['account_id', 'status', 'done_on'], unique=False)
        batch_op.create_index('ix_activity_opportunity', ['opportunity_id', 'status', 'done_on'], unique=False, sqlite_where=sa.text('opportunity_id IS NOT NULL'))
        batch_op.create_index('ix_activity_planned', ['owner_id', 'planned_on', 'planned_time'], unique=False, sqlite_where=sa.text("status = 'planned'"))

    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_touch', sa.Date(), nullable=True))
        batch_op.create_index('ix_account_cadence', ['owner_id', 'status', 'abc_class', 'last_touch'], unique=False)

    with op.batch_alter_table('opportunity', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_touch', sa.Date(), nullable=True))
        batch_op.drop_index(batch_op.f('ix_opportunity_owner_live'), sqlite_where=sa.text("status IN ('open', 'suspended') AND archived_at IS NULL"))
        batch_op.create_index('ix_opportunity_owner_live', ['owner_id', 'status', 'stage_id', 'stage_entered', 'last_touch', 'next_date', 'close_date'], unique=False, sqlite_where=sa.text("status IN ('open', 'suspended') AND archived_at IS NULL"))



def downgrade() -> None:
    with op.batch_alter_table('opportunity', schema=None) as batch_op:
        batch_op.drop_index('ix_opportunity_owner_live', sqlite_where=sa.text("status IN ('open', 'suspended') AND archived_at IS NULL"))
        batch_op.create_index(batch_op.f('ix_opportunity_owner_live'), ['owner_id', 'status', 'stage_id', 'stage_entered'], unique=False, sqlite_where=sa.text("status IN ('open', 'suspended') AND archived_at IS NULL"))
        batch_op.drop_column('last_touch')

    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.drop_index('ix_account_cadence')
        batch_op.drop_column('last_touch')

    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.drop_index('ix_activity_planned', sqlite_where=sa.text("status = 'planned'"))
        batch_op.drop_index('ix_activity_opportunity', sqlite_where=sa.text('opportunity_id IS NOT NULL'))
        batch_op.drop_index('ix_activity_account')

    op.drop_table('activity')
