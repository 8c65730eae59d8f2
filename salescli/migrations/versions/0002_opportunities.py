"""opportunities: stages, deals, stage history, shares

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('stage',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('conversion', sa.Integer(), nullable=True),
    sa.Column('probability', sa.Integer(), nullable=True),
    sa.Column('days', sa.Integer(), nullable=True),
    sa.Column('cadence_days', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    # The default funnel, from the project-sales example the product is modelled on:
    # probabilities 36 %, 72 % and 90 % (each stage's conversion times every later one's).
    stage = sa.table(
        'stage',
        sa.column('key', sa.String()), sa.column('name', sa.String()),
        sa.column('position', sa.Integer()), sa.column('kind', sa.String()),
        sa.column('conversion', sa.Integer()), sa.column('probability', sa.Integer()), sa.column('days', sa.Integer()),
        sa.column('cadence_days', sa.Integer()),
    )
    op.bulk_insert(stage, [
        {'key': 'prospect', 'probability': 3600, 'name': 'Prospect', 'position': 1, 'kind': 'open', 'conversion': 5000, 'days': 60, 'cadence_days': 7},
        {'key': 'proposal', 'probability': 7200, 'name': 'Proposal', 'position': 2, 'kind': 'open', 'conversion': 8000, 'days': 30, 'cadence_days': 3},
        {'key': 'negotiation', 'probability': 9000, 'name': 'Negotiation', 'position': 3, 'kind': 'open', 'conversion': 9000, 'days': 30, 'cadence_days': 2},
        {'key': 'won', 'name': 'Won', 'position': 4, 'kind': 'won', 'probability': 10000, 'conversion': None, 'days': None, 'cadence_days': None},
        {'key': 'lost', 'name': 'Lost', 'position': 5, 'kind': 'lost', 'probability': 0, 'conversion': None, 'days': None, 'cadence_days': None},
    ])
    op.create_table('opportunity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=True),
    sa.Column('close_date', sa.Date(), nullable=True),
    sa.Column('stage_id', sa.Integer(), nullable=False),
    sa.Column('stage_entered', sa.Date(), nullable=False),
    sa.Column('probability', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('forecast_category', sa.String(), nullable=True),
    sa.Column('source', sa.String(), nullable=True),
    sa.Column('competitor', sa.String(), nullable=True),
    sa.Column('loss_reason', sa.String(), nullable=True),
    sa.Column('summary', sa.String(), nullable=True),
    sa.Column('next_step', sa.String(), nullable=True),
    sa.Column('next_date', sa.Date(), nullable=True),
    sa.Column('suspend_reason', sa.String(), nullable=True),
    sa.Column('suspended_until', sa.Date(), nullable=True),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('archived_at', sa.String(), nullable=True),
    sa.Column('external_id', sa.String(), nullable=True),
    sa.Column('created_at', sa.String(), nullable=False),
    sa.Column('updated_at', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], ),
    sa.ForeignKeyConstraint(['owner_id'], ['rep.id'], ),
    sa.ForeignKeyConstraint(['stage_id'], ['stage.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('external_id')
    )
    with op.batch_alter_table('opportunity', schema=None) as batch_op:
        batch_op.create_index('ix_opportunity_account', ['account_id'], unique=False)
        batch_op.create_index('ix_opportunity_closed', ['closed_on', 'status', 'owner_id', 'amount', 'opened_on'], unique=False, sqlite_where=sa.text('closed_on IS NOT NULL'))
        batch_op.create_index('ix_opportunity_funnel', ['status', 'stage_id', 'owner_id', 'amount', 'probability'], unique=False)
        batch_op.create_index('ix_opportunity_owner_live', ['owner_id', 'status', 'stage_id', 'stage_entered'], unique=False, sqlite_where=sa.text("status IN ('open', 'suspended') AND archived_at IS NULL"))

    op.create_table('opportunity_share',
    sa.Column('opportunity_id', sa.Integer(), nullable=False),
    sa.Column('rep_id', sa.Integer(), nullable=False),
    sa.Column('split', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['opportunity_id'], ['opportunity.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rep_id'], ['rep.id'], ),
    sa.PrimaryKeyConstraint('opportunity_id', 'rep_id')
    )
    with op.batch_alter_table('opportunity_share', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_opportunity_share_rep_id'), ['rep_id'], unique=False)

    op.create_table('stage_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('opportunity_id', sa.Integer(), nullable=False),
    sa.Column('from_stage_id', sa.Integer(), nullable=True),
    sa.Column('to_stage_id', sa.Integer(), nullable=False),
    sa.Column('move', sa.String(), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('days', sa.Integer(), nullable=True),
    sa.Column('at', sa.String(), nullable=False),
    sa.Column('rep_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['from_stage_id'], ['stage.id'], ),
    sa.ForeignKeyConstraint(['opportunity_id'], ['opportunity.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rep_id'], ['rep.id'], ),
    sa.ForeignKeyConstraint(['to_stage_id'], ['stage.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('stage_change', schema=None) as batch_op:
        batch_op.create_index('ix_stage_change_flow', ['from_stage_id', 'on_date', 'move', 'days'], unique=False)
        batch_op.create_index('ix_stage_change_opportunity', ['opportunity_id', 'on_date'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('stage_change', schema=None) as batch_op:
        batch_op.drop_index('ix_stage_change_opportunity')
        batch_op.drop_index('ix_stage_change_flow')

    op.drop_table('stage_change')
    with op.batch_alter_table('opportunity_share', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_opportunity_share_rep_id'))

    op.drop_table('opportunity_share')
    with op.batch_alter_table('opportunity', schema=None) as batch_op:
        batch_op.drop_index('ix_opportunity_owner_live', sqlite_where=sa.text("status IN ('open', 'suspended') AND archived_at IS NULL"))
        batch_op.drop_index('ix_opportunity_funnel')
        batch_op.drop_index('ix_opportunity_closed', sqlite_where=sa.text('closed_on IS NOT NULL'))
        batch_op.drop_index('ix_opportunity_account')

    op.drop_table('opportunity')
    op.drop_table('stage')
