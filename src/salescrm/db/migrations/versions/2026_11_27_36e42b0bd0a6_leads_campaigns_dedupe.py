"""leads, campaigns, lead assignment rules, pool settings, duplicate-check keys and rules

Adds the normalized key columns the duplicate check (查重) looks up on accounts and
contacts, back-fills them for rows that already exist, and on PostgreSQL enables
pg_trgm with GIN trigram indexes on the name keys for fuzzy candidates.

Revision ID: 36e42b0bd0a6
Revises: 4f5c05b78cc2
Create Date: 2026-11-27 09:00:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

import salescrm.db.types

revision: str = '36e42b0bd0a6'
down_revision: str | None = '4f5c05b78cc2'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRIGRAM_INDEXES = {"accounts": "ix_accounts_name_key_trgm", "contacts": "ix_contacts_name_key_trgm",
                   "leads": "ix_leads_name_key_trgm"}


def upgrade() -> None:
    op.create_table('campaigns',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('channel', sa.String(length=40), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('budget', salescrm.db.types.Money(precision=18, scale=2), nullable=True),
    sa.Column('actual_cost', salescrm.db.types.Money(precision=18, scale=2), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('description', sa.String(length=4000), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=36), nullable=True),
    sa.Column('deleted_at', salescrm.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('custom', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('tenant_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', salescrm.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', salescrm.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('owner_id', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_campaigns_owner_id_users')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_campaigns_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaigns'))
    )
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.create_index('ix_campaigns_tenant_created', ['tenant_id', 'created_at', 'id'], unique=False)
        batch_op.create_index('ix_campaigns_tenant_status', ['tenant_id', 'status'], unique=False)

    op.create_table('leads',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('company', sa.String(length=200), nullable=True),
    sa.Column('title', sa.String(length=100), nullable=True),
    sa.Column('mobile', sa.String(length=40), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=True),
    sa.Column('campaign_id', sa.String(length=36), nullable=True),
    sa.Column('utm_source', sa.String(length=200), nullable=True),
    sa.Column('utm_medium', sa.String(length=200), nullable=True),
    sa.Column('utm_campaign', sa.String(length=200), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('province', sa.String(length=100), nullable=True),
    sa.Column('city', sa.String(length=100), nullable=True),
    sa.Column('description', sa.String(length=4000), nullable=True),
    sa.Column('converted_account_id', sa.String(length=36), nullable=True),
    sa.Column('converted_contact_id', sa.String(length=36), nullable=True),
    sa.Column('converted_opportunity_id', sa.String(length=36), nullable=True),
    sa.Column('converted_at', salescrm.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_activity_at', salescrm.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('assigned_at', salescrm.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('name_key', sa.String(length=200), nullable=True),
    sa.Column('mobile_key', sa.String(length=40), nullable=True),
    sa.Column('email_key', sa.String(length=254), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=36), nullable=True),
    sa.Column('deleted_at', salescrm.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('custom', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('tenant_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', salescrm.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', salescrm.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('owner_id', sa.String(length=36), nullable=True),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_leads_campaign_id_campaigns')),
    sa.ForeignKeyConstraint(['converted_account_id'], ['accounts.id'], name=op.f('fk_leads_converted_account_id_accounts')),
    sa.ForeignKeyConstraint(['converted_contact_id'], ['contacts.id'], name=op.f('fk_leads_converted_contact_id_contacts')),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_leads_owner_id_users')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_leads_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leads'))
    )
    with op.batch_alter_table('leads', schema=None) as batch_op:
        batch_op.create_index('ix_leads_tenant_campaign', ['tenant_id', 'campaign_id'], unique=False)
        batch_op.create_index('ix_leads_tenant_converted_account', ['tenant_id', 'converted_account_id'], unique=False)
        batch_op.create_index('ix_leads_tenant_created', ['tenant_id', 'created_at', 'id'], unique=False)
        batch_op.create_index('ix_leads_tenant_email_key', ['tenant_id', 'email_key'], unique=False)
        batch_op.create_index('ix_leads_tenant_mobile_key', ['tenant_id', 'mobile_key'], unique=False)
        batch_op.create_index('ix_leads_tenant_name_key', ['tenant_id', 'name_key'], unique=False)
        batch_op.create_index('ix_leads_tenant_owner_status', ['tenant_id', 'owner_id', 'status'], unique=False)

    op.create_table('lead_assignment_rules',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('match_field', sa.String(length=40), nullable=False),
    sa.Column('match_values', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=True),
    sa.Column('user_ids', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=True),
    sa.Column('department_id', sa.String(length=36), nullable=True),
    sa.Column('next_index', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=36), nullable=True),
    sa.Column('deleted_at', salescrm.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('custom', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('tenant_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', salescrm.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', salescrm.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_lead_assignment_rules_department_id_departments')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_lead_assignment_rules_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lead_assignment_rules'))
    )
    with op.batch_alter_table('lead_assignment_rules', schema=None) as batch_op:
        batch_op.create_index('ix_lead_assignment_rules_tenant_position', ['tenant_id', 'position'], unique=False)

    op.create_table('pool_settings',
    sa.Column('object', sa.String(length=64), nullable=False),
    sa.Column('max_held', sa.Integer(), nullable=True),
    sa.Column('return_after_days', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=36), nullable=True),
    sa.Column('deleted_at', salescrm.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('custom', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('tenant_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', salescrm.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', salescrm.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_pool_settings_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pool_settings')),
    sa.UniqueConstraint('tenant_id', 'object', name=op.f('uq_pool_settings_tenant_id_object'))
    )

    op.create_table('duplicate_rules',
    sa.Column('object', sa.String(length=64), nullable=False),
    sa.Column('blocking_fields', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=36), nullable=True),
    sa.Column('deleted_at', salescrm.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('custom', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('tenant_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', salescrm.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', salescrm.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_duplicate_rules_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duplicate_rules')),
    sa.UniqueConstraint('tenant_id', 'object', name=op.f('uq_duplicate_rules_tenant_id_object'))
    )

    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assigned_at', salescrm.db.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('last_activity_at', salescrm.db.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('name_key', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('phone_key', sa.String(length=40), nullable=True))
        batch_op.create_index('ix_accounts_tenant_name_key', ['tenant_id', 'name_key'], unique=False)
        batch_op.create_index('ix_accounts_tenant_phone_key', ['tenant_id', 'phone_key'], unique=False)

    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_key', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('mobile_key', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('email_key', sa.String(length=254), nullable=True))
        batch_op.create_index('ix_contacts_tenant_email_key', ['tenant_id', 'email_key'], unique=False)
        batch_op.create_index('ix_contacts_tenant_mobile_key', ['tenant_id', 'mobile_key'], unique=False)
        batch_op.create_index('ix_contacts_tenant_name_key', ['tenant_id', 'name_key'], unique=False)

    _backfill_keys()
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for table, name in TRIGRAM_INDEXES.items():
            op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
                       "USING gin (name_key gin_trgm_ops)")


def _backfill_keys() -> None:
    """Existing accounts and contacts get their duplicate-check keys."""
    from salescrm.platform.dedupe.normalize import (
        company_name_key,
        email_key,
        person_name_key,
        phone_key,
    )

    bind = op.get_bind()
    accounts = sa.table("accounts", sa.column("id"), sa.column("name"), sa.column("phone"),
                        sa.column("name_key"), sa.column("phone_key"))
    for row in bind.execute(sa.select(accounts.c.id, accounts.c.name, accounts.c.phone)).all():
        bind.execute(accounts.update().where(accounts.c.id == row.id).values(
            name_key=company_name_key(row.name), phone_key=phone_key(row.phone)))
    contacts = sa.table("contacts", sa.column("id"), sa.column("name"), sa.column("mobile"),
                        sa.column("email"), sa.column("name_key"), sa.column("mobile_key"),
                        sa.column("email_key"))
    people = bind.execute(sa.select(contacts.c.id, contacts.c.name, contacts.c.mobile,
                                    contacts.c.email)).all()
    for person in people:
        bind.execute(contacts.update().where(contacts.c.id == person.id).values(
            name_key=person_name_key(person.name), mobile_key=phone_key(person.mobile),
            email_key=email_key(person.email)))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in TRIGRAM_INDEXES.values():
            op.execute(f"DROP INDEX IF EXISTS {name}")
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_index('ix_contacts_tenant_name_key')
        batch_op.drop_index('ix_contacts_tenant_mobile_key')
        batch_op.drop_index('ix_contacts_tenant_email_key')
        batch_op.drop_column('email_key')
        batch_op.drop_column('mobile_key')
        batch_op.drop_column('name_key')
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.drop_index('ix_accounts_tenant_phone_key')
        batch_op.drop_index('ix_accounts_tenant_name_key')
        batch_op.drop_column('phone_key')
        batch_op.drop_column('name_key')
        batch_op.drop_column('last_activity_at')
        batch_op.drop_column('assigned_at')
    op.drop_table('duplicate_rules')
    op.drop_table('pool_settings')
    op.drop_table('lead_assignment_rules')
    op.drop_table('leads')
    op.drop_table('campaigns')
