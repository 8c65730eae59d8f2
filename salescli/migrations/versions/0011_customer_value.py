"""customer value: an account's class can be pinned by hand, its VIP flag (computed by
`account classify --apply`, or nominated by a manager with a reason), why a customer left;
who recorded each profile fact; contacts' profile facts; and the won deals by account
with their close dates and amounts in one index, for revenue per account

Revision ID: 0011
Revises: 0008
Create Date: 2026-12-05
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('class_pinned', sa.Boolean(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('vip', sa.Boolean(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('vip_reason', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('lost_reason', sa.String(), nullable=True))
        batch_op.add_column(sa.Column('lost_note', sa.String(), nullable=True))
    with op.batch_alter_table('account_fact', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rep_id', sa.Integer(), nullable=True))
    op.create_table('contact_fact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(), nullable=False),
    sa.Column('value', sa.String(), nullable=False),
    sa.Column('updated_at', sa.String(), nullable=False),
    sa.Column('rep_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('contact_id', 'key')
    )
    with op.batch_alter_table('opportunity', schema=None) as batch_op:
        batch_op.create_index('ix_opportunity_revenue', ['account_id', 'closed_on', 'amount'], unique=False, sqlite_where=sa.text("status = 'won'"))


def downgrade() -> None:
    with op.batch_alter_table('opportunity', schema=None) as batch_op:
        batch_op.drop_index('ix_opportunity_revenue', sqlite_where=sa.text("status = 'won'"))
    op.drop_table('contact_fact')
    with op.batch_alter_table('account_fact', schema=None) as batch_op:
        batch_op.drop_column('rep_id')
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.drop_column('lost_note')
        batch_op.drop_column('lost_reason')
        batch_op.drop_column('vip_reason')
        batch_op.drop_column('vip')
        batch_op.drop_column('class_pinned')
