"""campaigns and expenses: marketing campaigns with their costs, sales expenses with
their approval, and attribution of leads and deals to a campaign; a lead keeps the day it
was qualified and converted and the deal its conversion opened

Revision ID: 0012
Revises: 0008
Create Date: 2026-12-05
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('campaign',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('type', sa.String(), nullable=False),
    sa.Column('region', sa.String(), nullable=True),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('start_on', sa.Date(), nullable=True),
    sa.Column('end_on', sa.Date(), nullable=True),
    sa.Column('budget', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(), nullable=True),
    sa.Column('attendance', sa.Integer(), nullable=True),
    sa.Column('planned_on', sa.Date(), nullable=False),
    sa.Column('approved_on', sa.Date(), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('external_id', sa.String(), nullable=True),
    sa.Column('created_at', sa.String(), nullable=False),
    sa.Column('updated_at', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['approved_by_id'], ['rep.id'], ),
    sa.ForeignKeyConstraint(['owner_id'], ['rep.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('external_id')
    )
    op.create_index('ux_campaign_name', 'campaign', [sa.text('name COLLATE NOCASE')], unique=True)
    op.create_index('ix_campaign_owner', 'campaign', ['owner_id', 'status'])
    op.create_table('campaign_cost',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(), nullable=True),
    sa.Column('rep_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], ),
    sa.ForeignKeyConstraint(['rep_id'], ['rep.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_campaign_cost_campaign', 'campaign_cost', ['campaign_id', 'amount'])
    op.create_table('expense',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(), nullable=False),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('opportunity_id', sa.Integer(), nullable=True),
    sa.Column('activity_id', sa.Integer(), nullable=True),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(), nullable=True),
    sa.Column('receipt', sa.String(), nullable=True),
    sa.Column('submitted_on', sa.Date(), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('reject_reason', sa.String(), nullable=True),
    sa.Column('reimbursed_on', sa.Date(), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('external_id', sa.String(), nullable=True),
    sa.Column('created_at', sa.String(), nullable=False),
    sa.Column('updated_at', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], ),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], ),
    sa.ForeignKeyConstraint(['decided_by_id'], ['rep.id'], ),
    sa.ForeignKeyConstraint(['opportunity_id'], ['opportunity.id'], ),
    sa.ForeignKeyConstraint(['owner_id'], ['rep.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('external_id')
    )
    op.create_index('ix_expense_owner_day', 'expense', ['owner_id', 'on_date'])
    op.create_index(
        'ix_expense_report', 'expense',
        ['on_date', 'owner_id', 'category', 'status', 'amount', 'account_id'],
    )
    op.create_index(
        'ix_expense_account', 'expense', ['account_id'],
        sqlite_where=sa.text('account_id IS NOT NULL'),
    )
    op.create_index(
        'ix_expense_opportunity', 'expense', ['opportunity_id'],
        sqlite_where=sa.text('opportunity_id IS NOT NULL'),
    )
    op.create_index(
        'ix_expense_status', 'expense', ['status'],
        sqlite_where=sa.text("status != 'reimbursed'"),
    )
    # Plain ALTER TABLE ADD COLUMN (a batch copy would drop the text-search triggers and
    # rewrite a million deals): SQLite accepts a REFERENCES clause on an added column
    # whose default is NULL.
    connection = op.get_bind()
    for table, column in (
        ('lead', 'campaign_id INTEGER REFERENCES campaign (id)'),
        ('lead', 'qualified_on DATE'),
        ('lead', 'converted_on DATE'),
        ('lead', 'opportunity_id INTEGER REFERENCES opportunity (id)'),
        ('opportunity', 'campaign_id INTEGER REFERENCES campaign (id)'),
    ):
        connection.exec_driver_sql(f'ALTER TABLE {table} ADD COLUMN {column}')
    op.create_index(
        'ix_lead_campaign', 'lead', ['campaign_id', 'status'],
        sqlite_where=sa.text('campaign_id IS NOT NULL'),
    )
    op.create_index(
        'ix_opportunity_campaign', 'opportunity', ['campaign_id', 'status', 'amount'],
        sqlite_where=sa.text('campaign_id IS NOT NULL'),
    )
    # The days leads already converted or qualified, from their history where it has
    # them (a converted lead without one was imported so: its day is its creation's).
    connection.exec_driver_sql(
        "UPDATE lead SET converted_on = coalesce("
        "(SELECT substr(min(e.at), 1, 10) FROM event e WHERE e.entity = 'lead'"
        " AND e.entity_id = lead.id AND e.action = 'convert'), substr(created_at, 1, 10))"
        " WHERE status = 'converted'"
    )
    connection.exec_driver_sql(
        "UPDATE lead SET qualified_on = (SELECT substr(min(e.at), 1, 10) FROM event e"
        " WHERE e.entity = 'lead' AND e.entity_id = lead.id AND e.action = 'qualify'"
        " AND e.changes LIKE '%\"status\": [%, \"qualified\"]%')"
        " WHERE status IN ('qualified', 'converted')"
    )


def downgrade() -> None:
    op.drop_index('ix_opportunity_campaign', table_name='opportunity')
    op.drop_index('ix_lead_campaign', table_name='lead')
    connection = op.get_bind()
    for table, column in (
        ('opportunity', 'campaign_id'),
        ('lead', 'opportunity_id'),
        ('lead', 'converted_on'),
        ('lead', 'qualified_on'),
        ('lead', 'campaign_id'),
    ):
        connection.exec_driver_sql(f'ALTER TABLE {table} DROP COLUMN {column}')
    op.drop_table('expense')
    op.drop_table('campaign_cost')
    op.drop_table('campaign')
