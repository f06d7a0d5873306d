"""sales: pipelines, opportunities + stage history, products, price books, quotes

Revision ID: f26e342760c4
Revises: 4f5c05b78cc2
Create Date: 2026-11-27 07:20:42.484714
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

revision: str = 'f26e342760c4'
down_revision: str | None = '4f5c05b78cc2'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# salescrm.db.types.Money/Fixed as DDL, frozen here (a migration never imports the app:
# the live types may change, the tables this revision made may not): NUMERIC(18, scale)
# on PostgreSQL, a scaled integer on SQLite (which has no exact decimal type).
def fixed(scale: int) -> sa.types.TypeEngine[Any]:
    return sa.Numeric(18, scale).with_variant(sa.BigInteger(), "sqlite")


def upgrade() -> None:

    op.create_table('pipelines',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('is_default', sa.Boolean(), nullable=False),
    sa.Column('stages', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('description', sa.String(length=2000), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=36), nullable=True),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('custom', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('tenant_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_pipelines_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pipelines'))
    )
    with op.batch_alter_table('pipelines', schema=None) as batch_op:
        batch_op.create_index('ix_pipelines_tenant_created', ['tenant_id', 'created_at', 'id'], unique=False)

    op.create_table('price_books',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('is_default', sa.Boolean(), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('description', sa.String(length=2000), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=36), nullable=True),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('custom', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('tenant_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_price_books_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_price_books'))
    )
    with op.batch_alter_table('price_books', schema=None) as batch_op:
        batch_op.create_index('ix_price_books_tenant_created', ['tenant_id', 'created_at', 'id'], unique=False)

    op.create_table('products',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=True),
    sa.Column('unit', sa.String(length=20), nullable=True),
    sa.Column('price', fixed(2), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('category', sa.String(length=100), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('description', sa.String(length=4000), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=36), nullable=True),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('custom', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('tenant_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_products_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_products'))
    )
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.create_index('ix_products_tenant_created', ['tenant_id', 'created_at', 'id'], unique=False)
        batch_op.create_index('ix_products_tenant_name', ['tenant_id', 'name'], unique=False)
        batch_op.create_index('uq_products_tenant_code', ['tenant_id', 'code'], unique=True, sqlite_where=sa.text('deleted_at IS NULL'), postgresql_where=sa.text('deleted_at IS NULL'))

    op.create_table('price_book_entries',
    sa.Column('price_book_id', sa.String(length=36), nullable=False),
    sa.Column('product_id', sa.String(length=36), nullable=False),
    sa.Column('unit_price', fixed(2), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=36), nullable=True),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('custom', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('tenant_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['price_book_id'], ['price_books.id'], name=op.f('fk_price_book_entries_price_book_id_price_books')),
    sa.ForeignKeyConstraint(['product_id'], ['products.id'], name=op.f('fk_price_book_entries_product_id_products')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_price_book_entries_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_price_book_entries'))
    )
    with op.batch_alter_table('price_book_entries', schema=None) as batch_op:
        batch_op.create_index('ix_price_book_entries_tenant_created', ['tenant_id', 'created_at', 'id'], unique=False)
        batch_op.create_index('ix_price_book_entries_tenant_product', ['tenant_id', 'product_id'], unique=False)
        batch_op.create_index('uq_price_book_entries_tenant_book_product', ['tenant_id', 'price_book_id', 'product_id'], unique=True, sqlite_where=sa.text('deleted_at IS NULL'), postgresql_where=sa.text('deleted_at IS NULL'))

    op.create_table('opportunities',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('account_id', sa.String(length=36), nullable=False),
    sa.Column('contact_id', sa.String(length=36), nullable=True),
    sa.Column('pipeline_id', sa.String(length=36), nullable=False),
    sa.Column('stage', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('amount', fixed(2), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('close_date', sa.Date(), nullable=True),
    sa.Column('probability', sa.Integer(), nullable=True),
    sa.Column('lost_reason', sa.String(length=500), nullable=True),
    sa.Column('campaign_id', sa.String(length=36), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=True),
    sa.Column('forecast_category', sa.String(length=20), nullable=True),
    sa.Column('stage_changed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('description', sa.String(length=4000), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=36), nullable=True),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('custom', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('tenant_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('owner_id', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_opportunities_account_id_accounts')),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_opportunities_contact_id_contacts')),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_opportunities_owner_id_users')),
    sa.ForeignKeyConstraint(['pipeline_id'], ['pipelines.id'], name=op.f('fk_opportunities_pipeline_id_pipelines')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_opportunities_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_opportunities'))
    )
    with op.batch_alter_table('opportunities', schema=None) as batch_op:
        batch_op.create_index('ix_opportunities_tenant_account', ['tenant_id', 'account_id'], unique=False)
        batch_op.create_index('ix_opportunities_tenant_created', ['tenant_id', 'created_at', 'id'], unique=False)
        batch_op.create_index('ix_opportunities_tenant_owner', ['tenant_id', 'owner_id'], unique=False)
        batch_op.create_index('ix_opportunities_tenant_pipeline_stage', ['tenant_id', 'pipeline_id', 'stage'], unique=False)
        batch_op.create_index('ix_opportunities_tenant_status_close', ['tenant_id', 'status', 'close_date'], unique=False)

    op.create_table('opportunity_stage_history',
    sa.Column('opportunity_id', sa.String(length=36), nullable=False),
    sa.Column('pipeline_id', sa.String(length=36), nullable=False),
    sa.Column('stage', sa.String(length=64), nullable=False),
    sa.Column('entered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('left_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('moved_by', sa.String(length=36), nullable=True),
    sa.Column('amount', fixed(2), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('tenant_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['opportunity_id'], ['opportunities.id'], name=op.f('fk_opportunity_stage_history_opportunity_id_opportunities')),
    sa.ForeignKeyConstraint(['pipeline_id'], ['pipelines.id'], name=op.f('fk_opportunity_stage_history_pipeline_id_pipelines')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_opportunity_stage_history_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_opportunity_stage_history'))
    )
    with op.batch_alter_table('opportunity_stage_history', schema=None) as batch_op:
        batch_op.create_index('ix_opp_stage_history_tenant_opp', ['tenant_id', 'opportunity_id', 'entered_at'], unique=False)
        batch_op.create_index('ix_opp_stage_history_tenant_stage', ['tenant_id', 'pipeline_id', 'stage', 'entered_at'], unique=False)

    op.create_table('quotes',
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('account_id', sa.String(length=36), nullable=False),
    sa.Column('opportunity_id', sa.String(length=36), nullable=True),
    sa.Column('contact_id', sa.String(length=36), nullable=True),
    sa.Column('price_book_id', sa.String(length=36), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('lines', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('subtotal', fixed(2), nullable=False),
    sa.Column('discount_total', fixed(2), nullable=False),
    sa.Column('total', fixed(2), nullable=False),
    sa.Column('order_id', sa.String(length=36), nullable=True),
    sa.Column('notes', sa.String(length=4000), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=36), nullable=True),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('custom', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('tenant_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('owner_id', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_quotes_account_id_accounts')),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_quotes_contact_id_contacts')),
    sa.ForeignKeyConstraint(['opportunity_id'], ['opportunities.id'], name=op.f('fk_quotes_opportunity_id_opportunities')),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_quotes_owner_id_users')),
    sa.ForeignKeyConstraint(['price_book_id'], ['price_books.id'], name=op.f('fk_quotes_price_book_id_price_books')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_quotes_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quotes'))
    )
    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.create_index('ix_quotes_tenant_account', ['tenant_id', 'account_id'], unique=False)
        batch_op.create_index('ix_quotes_tenant_created', ['tenant_id', 'created_at', 'id'], unique=False)
        batch_op.create_index('ix_quotes_tenant_opportunity', ['tenant_id', 'opportunity_id'], unique=False)
        batch_op.create_index('ix_quotes_tenant_owner', ['tenant_id', 'owner_id'], unique=False)


def downgrade() -> None:

    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.drop_index('ix_quotes_tenant_owner')
        batch_op.drop_index('ix_quotes_tenant_opportunity')
        batch_op.drop_index('ix_quotes_tenant_created')
        batch_op.drop_index('ix_quotes_tenant_account')

    op.drop_table('quotes')
    with op.batch_alter_table('opportunity_stage_history', schema=None) as batch_op:
        batch_op.drop_index('ix_opp_stage_history_tenant_stage')
        batch_op.drop_index('ix_opp_stage_history_tenant_opp')

    op.drop_table('opportunity_stage_history')
    with op.batch_alter_table('opportunities', schema=None) as batch_op:
        batch_op.drop_index('ix_opportunities_tenant_status_close')
        batch_op.drop_index('ix_opportunities_tenant_pipeline_stage')
        batch_op.drop_index('ix_opportunities_tenant_owner')
        batch_op.drop_index('ix_opportunities_tenant_created')
        batch_op.drop_index('ix_opportunities_tenant_account')

    op.drop_table('opportunities')
    with op.batch_alter_table('price_book_entries', schema=None) as batch_op:
        batch_op.drop_index('uq_price_book_entries_tenant_book_product', sqlite_where=sa.text('deleted_at IS NULL'), postgresql_where=sa.text('deleted_at IS NULL'))
        batch_op.drop_index('ix_price_book_entries_tenant_product')
        batch_op.drop_index('ix_price_book_entries_tenant_created')

    op.drop_table('price_book_entries')
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.drop_index('uq_products_tenant_code', sqlite_where=sa.text('deleted_at IS NULL'), postgresql_where=sa.text('deleted_at IS NULL'))
        batch_op.drop_index('ix_products_tenant_name')
        batch_op.drop_index('ix_products_tenant_created')

    op.drop_table('products')
    with op.batch_alter_table('price_books', schema=None) as batch_op:
        batch_op.drop_index('ix_price_books_tenant_created')

    op.drop_table('price_books')
    with op.batch_alter_table('pipelines', schema=None) as batch_op:
        batch_op.drop_index('ix_pipelines_tenant_created')

    op.drop_table('pipelines')

