"""product price: one price a product, customer and day, and an update time, so that
`product import --prices` upserts the price book like every other import (audit q14 #6)

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06
"""
from alembic import op
import sqlalchemy as sa


revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('product_price', sa.Column('updated_at', sa.String(), nullable=True))
    op.execute('UPDATE product_price SET updated_at = created_at')
    # `product price` already replaced a second price for the same day and customer;
    # should an older book hold two, the later one is the one in force.
    op.execute(
        'DELETE FROM product_price WHERE id NOT IN (SELECT max(id) FROM product_price'
        ' GROUP BY product_id, ifnull(account_id, 0), valid_from)'
    )
    op.create_index(
        'ux_product_price_day',
        'product_price',
        ['product_id', sa.text('ifnull(account_id, 0)'), 'valid_from'],
        unique=True,
    )


def downgrade() -> None:
    op.drop_index('ux_product_price_day', table_name='product_price')
    with op.batch_alter_table('product_price') as batch_op:
        batch_op.drop_column('updated_at')
