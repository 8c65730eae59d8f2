"""quotes: products with dated and customers' prices, and versioned quotes with their
lines

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('product',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('unit', sa.String(), nullable=False),
    sa.Column('list_price', sa.Integer(), nullable=False),
    sa.Column('unit_cost', sa.Integer(), nullable=True),
    sa.Column('tax_rate', sa.Integer(), nullable=False),
    sa.Column('tax_included', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.String(), nullable=False),
    sa.Column('updated_at', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ux_product_code', 'product', [sa.text('code COLLATE NOCASE')], unique=True)
    op.create_table('product_price',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('price', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('rep_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], ),
    sa.ForeignKeyConstraint(['rep_id'], ['rep.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_product_price', 'product_price', ['product_id', 'account_id', 'valid_from'], unique=False)
    op.create_table('quote',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('opportunity_id', sa.Integer(), nullable=True),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('quoted_on', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('tax_included', sa.Boolean(), nullable=False),
    sa.Column('discount_percent', sa.Integer(), nullable=True),
    sa.Column('discount_amount', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(), nullable=True),
    sa.Column('max_discount', sa.Integer(), nullable=False),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_at', sa.String(), nullable=True),
    sa.Column('sent_on', sa.Date(), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('reject_reason', sa.String(), nullable=True),
    sa.Column('superseded_at', sa.String(), nullable=True),
    sa.Column('list_amount', sa.Integer(), nullable=False),
    sa.Column('discount', sa.Integer(), nullable=False),
    sa.Column('net', sa.Integer(), nullable=False),
    sa.Column('tax', sa.Integer(), nullable=False),
    sa.Column('gross', sa.Integer(), nullable=False),
    sa.Column('cost', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.String(), nullable=False),
    sa.Column('updated_at', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ),
    sa.ForeignKeyConstraint(['approved_by_id'], ['rep.id'], ),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], ),
    sa.ForeignKeyConstraint(['opportunity_id'], ['opportunity.id'], ),
    sa.ForeignKeyConstraint(['owner_id'], ['rep.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number', 'version')
    )
    op.create_index('ix_quote_owner_current', 'quote', ['owner_id', 'status', 'valid_until'], unique=False, sqlite_where=sa.text('superseded_at IS NULL'))
    op.create_index('ix_quote_account', 'quote', ['account_id', 'number'], unique=False)
    op.create_index('ix_quote_opportunity', 'quote', ['opportunity_id', 'number'], unique=False, sqlite_where=sa.text('opportunity_id IS NOT NULL'))
    op.create_index('ux_quote_accepted', 'quote', ['opportunity_id'], unique=True, sqlite_where=sa.text("status = 'accepted' AND opportunity_id IS NOT NULL"))
    op.create_table('quote_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('quote_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('product_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.String(), nullable=False),
    sa.Column('unit', sa.String(), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit_price', sa.Integer(), nullable=False),
    sa.Column('discount_percent', sa.Integer(), nullable=True),
    sa.Column('discount_amount', sa.Integer(), nullable=True),
    sa.Column('tax_rate', sa.Integer(), nullable=False),
    sa.Column('unit_cost', sa.Integer(), nullable=True),
    sa.Column('list_amount', sa.Integer(), nullable=False),
    sa.Column('net', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['product_id'], ['product.id'], ),
    sa.ForeignKeyConstraint(['quote_id'], ['quote.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('quote_id', 'position')
    )
    op.create_index('ix_quote_line_product', 'quote_line', ['product_id', 'quote_id'], unique=False, sqlite_where=sa.text('product_id IS NOT NULL'))


def downgrade() -> None:
    op.drop_index('ix_quote_line_product', table_name='quote_line', sqlite_where=sa.text('product_id IS NOT NULL'))
    op.drop_table('quote_line')
    op.drop_index('ux_quote_accepted', table_name='quote', sqlite_where=sa.text("status = 'accepted' AND opportunity_id IS NOT NULL"))
    op.drop_index('ix_quote_opportunity', table_name='quote', sqlite_where=sa.text('opportunity_id IS NOT NULL'))
    op.drop_index('ix_quote_account', table_name='quote')
    op.drop_index('ix_quote_owner_current', table_name='quote', sqlite_where=sa.text('superseded_at IS NULL'))
    op.drop_table('quote')
    op.drop_index('ix_product_price', table_name='product_price')
    op.drop_table('product_price')
    op.drop_index('ux_product_code', table_name='product')
    op.drop_table('product')
