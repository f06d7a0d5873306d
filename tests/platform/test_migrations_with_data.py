"""Upgrading a database with data in it: the session-2 migrations backfill each stay's
stage path (the funnel reads it) as the sales service would have kept it, and make
exchange rates and reference data read-only for existing tenants' reps and managers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, insert, select

from salescrm.db.migrate import alembic_config, upgrade
from salescrm.models import OpportunityStageHistory as H
from salescrm.models import Pipeline

BEFORE = "50f9e7edbaee"  # the analytics revision the stage-path columns follow


def test_upgrade_backfills_stage_paths(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url)
    command.downgrade(alembic_config(url), BEFORE)
    engine = create_engine(url)
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    stages = [{"key": k, "kind": kind} for k, kind in (
        ("initial", "open"), ("qualified", "open"), ("proposal", "open"), ("won", "won"),
        ("lost", "lost"))]
    # Deal A: initial → qualified → initial → proposal → won; deal B: initial → lost.
    walks = {"a": ["initial", "qualified", "initial", "proposal", "won"],
             "b": ["initial", "lost"]}
    with engine.begin() as conn:
        conn.execute(insert(Pipeline.__table__).values(
            id="p1", tenant_id="t1", version=1, custom={}, created_at=t0, updated_at=t0,
            name="Old", is_default=True, stages=stages))
        for deal, walk in walks.items():
            for i, stage in enumerate(walk):
                conn.exec_driver_sql(
                    "INSERT INTO opportunity_stage_history (id, tenant_id, opportunity_id, "
                    "pipeline_id, stage, entered_at) VALUES (?, 't1', ?, 'p1', ?, ?)",
                    (f"{deal}{i}", deal, stage,
                     (t0 + timedelta(days=i)).isoformat(" ")))
    upgrade(url)
    with engine.connect() as conn:
        rows = {r.id: (r.furthest_stage, r.prior_entry_at)
                for r in conn.execute(select(H.id, H.furthest_stage, H.prior_entry_at))}
    day = [t0 + timedelta(days=i) for i in range(5)]
    assert rows == {
        "a0": ("won", None), "a1": ("won", None), "a2": ("won", day[0]),
        "a3": ("won", None), "a4": ("won", None),
        "b0": ("initial", None), "b1": ("lost", None)}


def test_upgrade_makes_exchange_rates_read_only_for_existing_reps_and_managers(
        tmp_path: Path) -> None:
    from salescrm.models import Role

    url = f"sqlite:///{tmp_path / 'roles.db'}"
    upgrade(url)
    command.downgrade(alembic_config(url), "7c2d9e4f1a30")  # before exchange rates
    engine = create_engine(url)
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    rep_rights = {"*": ["read", "create", "update", "delete", "export"]}
    with engine.begin() as conn:
        for key, rights in (("sales_rep", rep_rights), ("sales_manager", rep_rights),
                            ("admin", {"*": ["*"]})):
            conn.execute(insert(Role.__table__).values(
                id=key, tenant_id="t1", version=1, custom={}, created_at=t0, updated_at=t0,
                key=key, name=key, data_scope="own", permissions=rights,
                field_permissions={}))
    upgrade(url)
    with engine.connect() as conn:
        got = {r.key: r.permissions for r in conn.execute(select(Role.key, Role.permissions))}
    assert got["sales_rep"] == {**rep_rights, "exchange_rates": ["read"]}
    assert got["sales_manager"] == {**rep_rights, "exchange_rates": ["read"]}
    assert got["admin"] == {"*": ["*"]}


def test_upgrade_makes_reference_data_read_only_for_builtin_reps_and_managers(
        tmp_path: Path) -> None:
    """Issue 11 point 7: existing tenants' built-in reps and managers stop changing
    pipelines, products, price books, campaigns and lead routing; a built-in role an
    administrator already narrowed, and custom roles, keep what they say."""
    from salescrm.models import Role

    url = f"sqlite:///{tmp_path / 'reference.db'}"
    upgrade(url)
    command.downgrade(alembic_config(url), "9a4b6c8d0e12")  # before reference data
    engine = create_engine(url)
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    rep_rights = {"*": ["read", "create", "update", "delete", "export"],
                  "exchange_rates": ["read"]}
    tuned = {**rep_rights, "products": ["read", "update"]}
    with engine.begin() as conn:
        for key, rights, builtin in (("sales_rep", rep_rights, True),
                                     ("sales_manager", tuned, True),
                                     ("marketing", rep_rights, False)):
            conn.execute(insert(Role.__table__).values(
                id=key, tenant_id="t1", version=1, custom={}, created_at=t0, updated_at=t0,
                key=key, name=key, data_scope="own", permissions=rights, builtin=builtin,
                field_permissions={}))
    upgrade(url)
    reference = ("pipelines", "products", "price_books", "price_book_entries", "campaigns",
                 "lead_assignment_rules")
    with engine.connect() as conn:
        got = {r.key: r.permissions for r in conn.execute(select(Role.key, Role.permissions))}
    assert got["sales_rep"] == {**rep_rights, **{n: ["read"] for n in reference}}
    assert got["sales_manager"] == {**{n: ["read"] for n in reference}, **tuned}
    assert got["marketing"] == rep_rights
    command.downgrade(alembic_config(url), "9a4b6c8d0e12")
    with engine.connect() as conn:
        got = {r.key: r.permissions for r in conn.execute(select(Role.key, Role.permissions))}
    assert got["sales_rep"] == rep_rights and got["sales_manager"] == tuned


def test_upgrade_backfills_duplicate_check_keys(tmp_path: Path) -> None:
    """The leads revision computes the keys with its own frozen copy of the normalization
    (a migration does not import the app): accounts and contacts made before it get them."""
    url = f"sqlite:///{tmp_path / 'keys.db'}"
    command.upgrade(alembic_config(url), "4f5c05b78cc2")  # the initial schema only
    engine = create_engine(url)
    t0 = "2026-01-01 00:00:00"
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO tenants (id, name, locale, currency, metadata_version, created_at, "
            "updated_at) VALUES ('t1', 'Old', 'zh-CN', 'CNY', 1, ?, ?)", (t0, t0))
        conn.exec_driver_sql(
            "INSERT INTO accounts (id, tenant_id, version, custom, created_at, updated_at, "
            "name, phone) VALUES ('a1', 't1', 1, '{}', ?, ?, '华为技术股份有限公司', "
            "'0755-2878 0808')", (t0, t0))
        conn.exec_driver_sql(
            "INSERT INTO contacts (id, tenant_id, version, custom, created_at, updated_at, "
            "name, mobile, email) VALUES ('c1', 't1', 1, '{}', ?, ?, '张 三', "
            "'138 1234 5678 转 8', ' Zhang.San@Example.COM ')", (t0, t0))
    upgrade(url)
    with engine.connect() as conn:
        account = conn.exec_driver_sql(
            "SELECT name_key, phone_key FROM accounts WHERE id = 'a1'").one()
        contact = conn.exec_driver_sql(
            "SELECT name_key, mobile_key, email_key FROM contacts WHERE id = 'c1'").one()
    assert tuple(account) == ("华为技术", "+8675528780808")
    assert tuple(contact) == ("张三", "+8613812345678", "zhang.san@example.com")
