"""Importing opportunities with owner, account and product named in the file: each
deal as the API would create it (stage rules, first stay, audit, event), written a
batch at a time instead of a row at a time (issue 10, point 4)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, select

from salescrm.models import Job, OpportunityStageHistory
from tests.factories import Api, Tenant
from tests.platform.imports.helpers import custom_field, run_import, upload

PRODUCT_FIELD = {"api_name": "product", "type": "lookup", "target": "products",
                 "labels": {"en": "Product", "zh-CN": "产品"}}


def _references(tenant: Tenant, sessions: Any) -> tuple[Api, dict[str, Any], dict[str, Any]]:
    rep = tenant.user("Lin")
    account = tenant.admin.create("accounts", name="杭州云栖科技有限公司")
    product = tenant.admin.create("products", name="云服务器 ECS", code="ECS-01")
    custom_field(tenant, sessions, "opportunities", PRODUCT_FIELD)
    return rep, account, product


def _stays(sessions: Any, tenant_id: str, opportunity_id: str) -> list[tuple[Any, ...]]:
    with sessions() as s:
        s.info["tenant_id"] = tenant_id
        return [tuple(r) for r in s.execute(
            select(OpportunityStageHistory.stage, OpportunityStageHistory.left_at,
                   OpportunityStageHistory.moved_by, OpportunityStageHistory.prior_entry_at,
                   OpportunityStageHistory.furthest_stage)
            .where(OpportunityStageHistory.opportunity_id == opportunity_id))]


def _created_events(sessions: Any) -> list[str]:
    with sessions() as s:
        s.info["tenant_id"] = None
        events = []
        for kind, payload in s.execute(select(Job.kind, Job.payload)
                                       .where(Job.kind.in_(("event", "events")))):
            events.extend(payload["events"] if kind == "events" else [payload])
        return [e["data"]["id"] for e in events if e["type"] == "opportunities.created"]


def test_an_imported_deal_is_the_deal_the_api_creates(tenant: Tenant, sessions: Any,
                                                       worker: Any) -> None:
    admin = tenant.admin
    rep, account, product = _references(tenant, sessions)
    by_api = admin.create("opportunities", name="API 商机", account_id=account["id"],
                          owner_id=rep.user["id"], product=product["id"], amount="5000",
                          stage="proposal", close_date="2026-12-31")
    csv = ("商机名称,负责人,客户,产品,金额,阶段,预计成交日期\n"
           f"按邮箱,{rep.user['email']},杭州云栖科技有限公司,ECS-01,5000,方案报价,2026-12-31\n"
           "按姓名,Lin,杭州云栖科技有限公司,云服务器 ECS,5000,Proposal,2026-12-31\n"
           "赢单,Lin,杭州云栖科技有限公司,ｅｃｓ-01,7000,赢单,2026-12-31\n")
    status = run_import(admin, worker, "opportunities", csv.encode())
    assert (status["created"], status["failed"]) == (3, 0), status["errors"]
    items = {o["name"]: o for o in admin.get("opportunities").json()["items"]}
    same = ("owner_id", "account_id", "product", "pipeline_id", "stage", "status",
            "probability", "forecast_category", "currency", "amount", "closed_at")
    for name in ("按邮箱", "按姓名"):
        assert {k: items[name][k] for k in same} == {k: by_api[k] for k in same}
        assert items[name]["stage_changed_at"] is not None
        history = admin.get(f"opportunities/{items[name]['id']}/stage_history").json()
        assert [(h["stage"], h["left_at"], h["moved_by"], h["amount"])
                for h in history["items"]] == [("proposal", None, admin.user["id"], "5000.00")]
        assert history["items"][0]["entered_at"] == items[name]["stage_changed_at"]
        # The funnel's facts, as the service keeps them.
        assert [s[3:] for s in _stays(sessions, tenant.id, items[name]["id"])] == \
            [s[3:] for s in _stays(sessions, tenant.id, by_api["id"])] == [(None, "proposal")]
    won = items["赢单"]
    assert won["product"] == product["id"]  # its code, in another case and width
    assert (won["status"], won["probability"], won["forecast_category"]) == ("won", 100,
                                                                             "commit")
    assert won["closed_at"] == won["stage_changed_at"] is not None
    assert set(_created_events(sessions)) >= {o["id"] for o in items.values()}
    audit = admin.get(f"audit?object=opportunities&record_id={won['id']}").json()["items"]
    assert [a["action"] for a in audit] == ["create"]


def test_stage_rules_fail_the_row_not_the_batch(tenant: Tenant, sessions: Any,
                                                worker: Any) -> None:
    admin = tenant.admin
    _references(tenant, sessions)
    csv = ("name,account_id,stage,lost_reason,currency\n"
           "输单无原因,杭州云栖科技有限公司,lost,,\n"
           "输单,杭州云栖科技有限公司,lost,价格太高,\n"
           "坏币种,杭州云栖科技有限公司,initial,,RMBX\n"
           "默认阶段,杭州云栖科技有限公司,,,usd\n")
    status = run_import(admin, worker, "opportunities", csv.encode())
    assert (status["created"], status["failed"]) == (2, 2), status["errors"]
    assert {(e["row"], e["field"]) for e in status["errors"]} == {
        (2, "lost_reason"), (4, "currency")}
    items = {o["name"]: o for o in admin.get("opportunities").json()["items"]}
    assert (items["输单"]["status"], items["输单"]["forecast_category"]) == ("lost", "omitted")
    assert items["输单"]["closed_at"] is not None
    assert (items["默认阶段"]["stage"], items["默认阶段"]["currency"]) == ("initial", "USD")
    assert len(_stays(sessions, tenant.id, items["输单"]["id"])) == 1


def test_a_migration_still_writes_the_history_it_is_given(admin: Api, worker: Any) -> None:
    admin.create("accounts", name="杭州云栖科技有限公司")
    csv = ("name,account_id,stage,created_at,closed_at\n"
           "旧单,杭州云栖科技有限公司,won,2025-01-02,2025-03-04\n")
    status = run_import(admin, worker, "opportunities", csv.encode(), migration=True)
    assert (status["created"], status["failed"]) == (1, 0), status["errors"]
    deal = admin.get("opportunities").json()["items"][0]
    assert deal["created_at"].startswith("2025-01-02")
    assert deal["closed_at"].startswith("2025-03-04")


def test_lookups_and_stage_history_are_written_per_batch_not_per_row(
        tenant: Tenant, sessions: Any, worker: Any) -> None:
    """A hundred deals naming their owner, account and product cost a few dozen
    statements, not a dozen per row (36 rows/s before)."""
    admin = tenant.admin
    rep, _account, _product = _references(tenant, sessions)
    rows = "".join(f"商机{i},{rep.user['email'] if i % 2 else 'Lin'},杭州云栖科技有限公司,"
                   f"{'ECS-01' if i % 3 else '云服务器 ECS'},{1000 + i},需求确认\n"
                   for i in range(100))
    worker.run_until_idle()  # the set-up's own events
    r = upload(admin, "opportunities", ("商机名称,负责人,客户,产品,金额,阶段\n" + rows).encode())
    assert r.status_code == 202, r.text
    statements: list[str] = []
    engine = sessions.kw["bind"]

    def count(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        statements.append(sql)

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert worker.run_one()  # the import job
    finally:
        event.remove(engine, "before_cursor_execute", count)
    status = admin.get(f"imports/{r.json()['id']}").json()
    assert (status["status"], status["created"]) == ("done", 100), status
    assert len(statements) < 60, len(statements)


def test_names_resolved_in_one_batch_are_not_looked_up_again(
        tenant: Tenant, sessions: Any, worker: Any) -> None:
    """The owners, accounts and products a file names again and again are queried in
    the first batch that names them, not once per batch; and a name is never probed
    as a record id (ids are uuid-shaped)."""
    admin = tenant.admin
    rep, _account, _product = _references(tenant, sessions)
    rows = "".join(f"商机{i},{rep.user['email'] if i % 2 else 'Lin'},杭州云栖科技有限公司,"
                   f"{'ECS-01' if i % 3 else '云服务器 ECS'},{1000 + i},需求确认\n"
                   for i in range(300))  # two batches at least: the first has 100 rows
    worker.run_until_idle()  # the set-up's own events
    r = upload(admin, "opportunities", ("商机名称,负责人,客户,产品,金额,阶段\n" + rows).encode())
    assert r.status_code == 202, r.text
    lookups: list[tuple[str, Any]] = []
    engine = sessions.kw["bind"]

    def count(_conn: Any, _cursor: Any, sql: str, params: Any, *_args: Any) -> None:
        if "FROM products" in sql or "FROM accounts" in sql:
            lookups.append((sql, params))

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert worker.run_one()  # the import job
    finally:
        event.remove(engine, "before_cursor_execute", count)
    status = admin.get(f"imports/{r.json()['id']}").json()
    assert (status["status"], status["created"]) == ("done", 300), status
    # The account by name; the product by name, then the rest by code (natural key).
    assert len(lookups) == 3, [sql for sql, _p in lookups]
    assert not any("products.id IN" in sql or "accounts.id IN" in sql
                   for sql, _p in lookups), lookups
