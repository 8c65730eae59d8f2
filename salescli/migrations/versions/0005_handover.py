"""handover: a departing rep's book handed to successors, and every record it moved;
an index on activity follow-ups, so removing an activity does not scan them all

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('handover',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('from_rep_id', sa.Integer(), nullable=False),
    sa.Column('by_rep_id', sa.Integer(), nullable=True),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('at', sa.String(), nullable=False),
    sa.Column('strategy', sa.String(), nullable=False),
    sa.Column('reason', sa.String(), nullable=True),
    sa.Column('accounts', sa.String(), nullable=True),
    sa.Column('deactivated', sa.Boolean(), nullable=False),
    sa.Column('visit_within', sa.Integer(), nullable=False),
    sa.Column('imminent_stage_id', sa.Integer(), nullable=True),
    sa.Column('reverted_at', sa.String(), nullable=True),
    sa.Column('reverted_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['by_rep_id'], ['rep.id'], ),
    sa.ForeignKeyConstraint(['from_rep_id'], ['rep.id'], ),
    sa.ForeignKeyConstraint(['imminent_stage_id'], ['stage.id'], ),
    sa.ForeignKeyConstraint(['reverted_by_id'], ['rep.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('handover_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('handover_id', sa.Integer(), nullable=False),
    sa.Column('entity', sa.String(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('from_owner_id', sa.Integer(), nullable=True),
    sa.Column('to_owner_id', sa.Integer(), nullable=False),
    sa.Column('split', sa.Integer(), nullable=True),
    sa.Column('merged_split', sa.Integer(), nullable=True),
    sa.Column('merge', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['from_owner_id'], ['rep.id'], ),
    sa.ForeignKeyConstraint(['handover_id'], ['handover.id'], ),
    sa.ForeignKeyConstraint(['to_owner_id'], ['rep.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('handover_item', schema=None) as batch_op:
        batch_op.create_index('ix_handover_item_handover', ['handover_id', 'entity', 'entity_id'], unique=False)

    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.create_index('ix_activity_follows', ['follows_id'], unique=False, sqlite_where=sa.text('follows_id IS NOT NULL'))

    op.create_table('handover_successor',
    sa.Column('handover_id', sa.Integer(), nullable=False),
    sa.Column('rep_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['handover_id'], ['handover.id'], ),
    sa.ForeignKeyConstraint(['rep_id'], ['rep.id'], ),
    sa.PrimaryKeyConstraint('handover_id', 'rep_id')
    )


def downgrade() -> None:
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.drop_index('ix_activity_follows', sqlite_where=sa.text('follows_id IS NOT NULL'))

    op.drop_table('handover_successor')
    with op.batch_alter_table('handover_item', schema=None) as batch_op:
        batch_op.drop_index('ix_handover_item_handover')

    op.drop_table('handover_item')
    op.drop_table('handover')
