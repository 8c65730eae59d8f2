"""contract owner index covers a rep's receivables: account, number and deal after the
owner, status and end date

A rep's overdue list, aging and reminders start from the rep's contracts by this index
and read each one's account, number and deal; with them in the index they no longer
read a contract row each (4,000 contract rows scattered over the table for one rep on a
book of 200,000 contracts). Measured on that book with the book's memory map: a rep's
receivable reminders took 35 ms of SQL instead of 56, `receivable list --overdue` 18
ms instead of 27. Its first three columns are those of the index it replaces, which
the renewal and suspension reminders and `contract list --expiring` keep using.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06
"""
from alembic import op


revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index('ix_contract_owner', table_name='contract')
    op.create_index(
        'ix_contract_owner',
        'contract',
        ['owner_id', 'status', 'end_on', 'account_id', 'number', 'opportunity_id'],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index('ix_contract_owner', table_name='contract')
    op.create_index('ix_contract_owner', 'contract', ['owner_id', 'status', 'end_on'], unique=False)
