"""contracts: contracts with their versions and history, payment schedules
(installments), receipts applied to them, and credit assessments of accounts

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-05
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('contract',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(), nullable=False),
    sa.Column('title', sa.String(), nullable=True),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('opportunity_id', sa.Integer(), nullable=True),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('start_on', sa.Date(), nullable=True),
    sa.Column('end_on', sa.Date(), nullable=True),
    sa.Column('terms', sa.String(), nullable=True),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('status_on', sa.Date(), nullable=False),
    sa.Column('status_reason', sa.String(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('milestone', sa.String(), nullable=True),
    sa.Column('signed_on', sa.Date(), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('external_id', sa.String(), nullable=True),
    sa.Column('created_at', sa.String(), nullable=False),
    sa.Column('updated_at', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ),
    sa.ForeignKeyConstraint(['opportunity_id'], ['opportunity.id'], ),
    sa.ForeignKeyConstraint(['owner_id'], ['rep.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number'),
    sa.UniqueConstraint('external_id')
    )
    with op.batch_alter_table('contract', schema=None) as batch_op:
        batch_op.create_index('ix_contract_owner', ['owner_id', 'status', 'end_on'], unique=False)
        batch_op.create_index('ix_contract_account', ['account_id', 'status'], unique=False)
        batch_op.create_index('ix_contract_opportunity', ['opportunity_id'], unique=False, sqlite_where=sa.text('opportunity_id IS NOT NULL'))

    op.create_table('contract_version',
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(), nullable=True),
    sa.Column('start_on', sa.Date(), nullable=True),
    sa.Column('end_on', sa.Date(), nullable=True),
    sa.Column('terms', sa.String(), nullable=True),
    sa.Column('reason', sa.String(), nullable=True),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('at', sa.String(), nullable=False),
    sa.Column('rep_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], ),
    sa.ForeignKeyConstraint(['rep_id'], ['rep.id'], ),
    sa.PrimaryKeyConstraint('contract_id', 'version')
    )

    op.create_table('contract_step',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(), nullable=False),
    sa.Column('from_status', sa.String(), nullable=True),
    sa.Column('to_status', sa.String(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(), nullable=True),
    sa.Column('over_limit', sa.String(), nullable=True),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('at', sa.String(), nullable=False),
    sa.Column('rep_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], ),
    sa.ForeignKeyConstraint(['rep_id'], ['rep.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('contract_step', schema=None) as batch_op:
        batch_op.create_index('ix_contract_step_contract', ['contract_id', 'id'], unique=False)

    op.create_table('installment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('received', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(), nullable=True),
    sa.Column('created_at', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('contract_id', 'position')
    )
    with op.batch_alter_table('installment', schema=None) as batch_op:
        batch_op.create_index('ix_installment_open', ['contract_id', 'due_on', 'amount', 'received'], unique=False, sqlite_where=sa.text('received < amount'))

    op.create_table('receipt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('credit', sa.Integer(), nullable=False),
    sa.Column('ref', sa.String(), nullable=True),
    sa.Column('rep_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.String(), nullable=False),
    sa.Column('reversed_at', sa.String(), nullable=True),
    sa.Column('reversed_by_id', sa.Integer(), nullable=True),
    sa.Column('reverse_reason', sa.String(), nullable=True),
    sa.Column('external_id', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], ),
    sa.ForeignKeyConstraint(['rep_id'], ['rep.id'], ),
    sa.ForeignKeyConstraint(['reversed_by_id'], ['rep.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('external_id')
    )
    with op.batch_alter_table('receipt', schema=None) as batch_op:
        batch_op.create_index('ix_receipt_contract', ['contract_id'], unique=False)
        batch_op.create_index('ix_receipt_received', ['received_on', 'contract_id', 'amount'], unique=False)

    op.create_table('receipt_part',
    sa.Column('receipt_id', sa.Integer(), nullable=False),
    sa.Column('installment_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['installment_id'], ['installment.id'], ),
    sa.ForeignKeyConstraint(['receipt_id'], ['receipt.id'], ),
    sa.PrimaryKeyConstraint('receipt_id', 'installment_id')
    )
    with op.batch_alter_table('receipt_part', schema=None) as batch_op:
        batch_op.create_index('ix_receipt_part_installment', ['installment_id'], unique=False)

    op.create_table('credit_assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('character', sa.Integer(), nullable=True),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('capital', sa.Integer(), nullable=True),
    sa.Column('collateral', sa.Integer(), nullable=True),
    sa.Column('conditions', sa.Integer(), nullable=True),
    sa.Column('score', sa.Integer(), nullable=True),
    sa.Column('rating', sa.String(), nullable=True),
    sa.Column('credit_limit', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(), nullable=True),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('at', sa.String(), nullable=False),
    sa.Column('rep_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ),
    sa.ForeignKeyConstraint(['rep_id'], ['rep.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('credit_assessment', schema=None) as batch_op:
        batch_op.create_index('ix_credit_assessment_account', ['account_id', 'id'], unique=False)


def downgrade() -> None:
    op.drop_table('credit_assessment')
    op.drop_table('receipt_part')
    op.drop_table('receipt')
    op.drop_table('installment')
    op.drop_table('contract_step')
    op.drop_table('contract_version')
    op.drop_table('contract')
