"""leads, campaigns, lead assignment rules, pool settings, duplicate-check keys and rules

Adds the normalized key columns the duplicate check (查重) looks up on accounts and
contacts, back-fills them for rows that already exist, and on PostgreSQL enables
pg_trgm with GIN trigram indexes on the name keys for fuzzy candidates.

Revision ID: 36e42b0bd0a6
Revises: 4f5c05b78cc2
Create Date: 2026-11-27 09:00:00
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

revision: str = '36e42b0bd0a6'
down_revision: str | None = '4f5c05b78cc2'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# salescrm.db.types.Money/Fixed as DDL, frozen here (a migration never imports the app:
# the live types may change, the tables this revision made may not): NUMERIC(18, scale)
# on PostgreSQL, a scaled integer on SQLite (which has no exact decimal type).
def fixed(scale: int) -> sa.types.TypeEngine[Any]:
    return sa.Numeric(18, scale).with_variant(sa.BigInteger(), "sqlite")


TRIGRAM_INDEXES = {"accounts": "ix_accounts_name_key_trgm", "contacts": "ix_contacts_name_key_trgm",
                   "leads": "ix_leads_name_key_trgm"}


def upgrade() -> None:
    op.create_table('campaigns',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('channel', sa.String(length=40), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('budget', fixed(2), nullable=True),
    sa.Column('actual_cost', fixed(2), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
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
    sa.Column('converted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_activity_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('assigned_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('name_key', sa.String(length=200), nullable=True),
    sa.Column('mobile_key', sa.String(length=40), nullable=True),
    sa.Column('email_key', sa.String(length=254), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=36), nullable=True),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('custom', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('tenant_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
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
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('custom', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('tenant_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
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
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('custom', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('tenant_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_pool_settings_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pool_settings')),
    sa.UniqueConstraint('tenant_id', 'object', name=op.f('uq_pool_settings_tenant_id_object'))
    )

    op.create_table('duplicate_rules',
    sa.Column('object', sa.String(length=64), nullable=False),
    sa.Column('blocking_fields', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=36), nullable=True),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('custom', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('tenant_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_duplicate_rules_tenant_id_tenants')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duplicate_rules')),
    sa.UniqueConstraint('tenant_id', 'object', name=op.f('uq_duplicate_rules_tenant_id_object'))
    )

    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assigned_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('last_activity_at', sa.DateTime(timezone=True), nullable=True))
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


# --- the duplicate-check keys, frozen -------------------------------------------------
# A copy of salescrm/platform/dedupe/normalize.py as it stood when this back-fill was
# frozen (a migration never imports the app: the live rules may change, a database
# upgraded today must get the keys this revision's code computes).

# Legal-form suffixes that do not tell two companies apart, longest first so that
# "股份有限公司" is removed whole rather than leaving "股份".
_COMPANY_SUFFIXES = sorted({
    "集团股份有限公司", "集团有限责任公司", "集团有限公司", "控股有限公司",
    "股份有限公司", "有限责任公司", "有限公司", "责任公司", "股份公司", "控股集团",
    "集团公司", "集团", "控股", "公司",
    "company limited", "co ltd", "co limited", "corporation", "incorporated", "limited",
    "company", "group", "holdings", "corp", "inc", "llc", "ltd", "gmbh", "plc", "co",
}, key=len, reverse=True)
_PUNCTUATION = re.compile(
    r"[\s\.,;:'\"`!?&/\\\-_·•・()\[\]{}<>（）【】《》「」『』，。、；：！？]+")
_SPACES = re.compile(r"\s+")
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")
_EXTENSION = re.compile(r"(转|ext\.?|x|#).*$", re.IGNORECASE)
DEFAULT_COUNTRY_CODE = "86"


def clean_text(value: object) -> str | None:
    """Trim, full-width → half-width (NFKC), case-fold and collapse inner whitespace."""
    if value is None:
        return None
    text = unicodedata.normalize("NFKC", str(value)).casefold()
    text = _SPACES.sub(" ", text).strip()
    return text or None


def person_name_key(value: object) -> str | None:
    """"张 三" and "张三" are one name; "John  SMITH" is "john smith"."""
    text = clean_text(value)
    if text is None:
        return None
    text = _SPACE_NEAR_CJK.sub("", text)
    text = re.sub(r"[·•・.]", "", text)
    return text.strip() or None


def company_name_key(value: object) -> str | None:
    """Company name without legal form, punctuation or spaces.

    "华为技术有限公司" and "华为技术股份有限公司" both become "华为技术";
    "Acme Co., Ltd." and "ACME Inc" both become "acme".
    """
    text = clean_text(value)
    if text is None:
        return None
    words = _PUNCTUATION.sub(" ", text).strip()
    # Strip legal forms from the end, repeatedly ("…集团股份有限公司" → "…").
    changed = True
    while changed and words:
        changed = False
        for suffix in _COMPANY_SUFFIXES:
            if _ends_with_suffix(words, suffix):
                shorter = words[: len(words) - len(suffix)].strip()
                if shorter:  # never strip a name down to nothing ("集团" stays "集团")
                    words, changed = shorter, True
                break
    key = words.replace(" ", "")
    return key or None


def _ends_with_suffix(words: str, suffix: str) -> bool:
    if not words.endswith(suffix):
        return False
    if suffix.isascii():
        # Latin suffixes must be whole words: "disco" is not "dis" + "co".
        head = words[: len(words) - len(suffix)]
        return head == "" or head.endswith(" ")
    return True


def phone_key(value: object, default_country: str = DEFAULT_COUNTRY_CODE) -> str | None:
    """A phone or mobile number in E.164 (``+8613812345678``); +86 unless it says otherwise.

    Chinese mobiles are 11 digits starting with 1; a national number starting with 0
    (a landline with its area code, 010-…) drops the trunk 0. Extensions are ignored.
    """
    text = clean_text(value)
    if text is None:
        return None
    text = _EXTENSION.sub("", text) if re.search(r"\d", text) else text
    plus = text.lstrip("( ").startswith("+")
    digits = re.sub(r"\D", "", text)
    if len(digits) < 5:
        return None
    if plus:
        return "+" + digits
    if digits.startswith("00"):
        return "+" + digits[2:]
    if default_country == "86":
        if len(digits) == 13 and digits.startswith("861"):
            return "+" + digits
        if len(digits) == 11 and digits.startswith("1"):
            return "+86" + digits
    if digits.startswith("0"):
        return f"+{default_country}{digits[1:]}"
    return f"+{default_country}{digits}"


def email_key(value: object) -> str | None:
    """E-mail addresses compare case-insensitively and without surrounding spaces."""
    text = clean_text(value)
    if text is None or "@" not in text:
        return None
    return text.replace(" ", "")


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
