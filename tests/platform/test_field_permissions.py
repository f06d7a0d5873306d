"""Field permissions: hidden fields vanish, masked values are masked, read-only refuse."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from tests.factories import Tenant


def _role(tenant: Tenant, levels: dict) -> None:  # type: ignore[type-arg]
    r = tenant.admin.post("roles", {
        "key": "masked_rep", "name": "受限销售", "data_scope": "all",
        "permissions": {"*": ["read", "create", "update", "export"]},
        "field_permissions": {"contacts": levels}})
    assert r.status_code == 201, r.text


def test_masked_mobile_in_reads_lists_and_no_filter_by_it(tenant: Tenant) -> None:
    _role(tenant, {"mobile": "masked", "email": "hidden", "wechat": "readonly"})
    rep = tenant.user("Masked", roles=["masked_rep"])
    c = tenant.admin.create("contacts", name="王五", mobile="13812345678",
                            email="wang@example.com", wechat="wang5")
    got = rep.get(f"contacts/{c['id']}").json()
    assert got["mobile"] == "138****5678"
    assert "email" not in got
    listed = rep.get("contacts").json()["items"][0]
    assert listed["mobile"] == "138****5678" and "email" not in listed
    assert rep.get("contacts?mobile=13812345678").status_code == 422
    assert rep.get("contacts?email=wang@example.com").status_code == 422
    assert rep.get("contacts?sort=email").status_code == 422
    # Read-only and hidden fields cannot be written.
    r = rep.patch(f"contacts/{c['id']}", {"version": 1, "wechat": "other"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "wechat"
    r = rep.patch(f"contacts/{c['id']}", {"version": 1, "email": "x@example.com"})
    assert r.status_code == 422
    # Metadata tells the web app the same.
    fields = {f["api_name"]: f for f in rep.get("meta/objects/contacts").json()["fields"]}
    assert "email" not in fields and fields["mobile"]["permission"] == "masked"
    # The admin still sees everything.
    assert tenant.admin.get(f"contacts/{c['id']}").json()["mobile"] == "13812345678"


def test_an_unrestricted_second_role_lifts_the_mask(tenant: Tenant) -> None:
    _role(tenant, {"mobile": "masked"})
    both = tenant.user("Both", roles=["masked_rep", "sales_manager"])
    c = tenant.admin.create("contacts", name="赵六", mobile="13900001111")
    tenant.admin.patch(f"contacts/{c['id']}", {"version": 1, "owner_id": both.user["id"]})
    assert both.get(f"contacts/{c['id']}").json()["mobile"] == "13900001111"


def _restricted_rep(tenant: Tenant, levels: dict) -> Any:  # type: ignore[type-arg]
    """A rep who reads everything (data scope all) under the given field levels."""
    key = f"fl_{uuid.uuid4().hex[:8]}"
    tenant.admin.create("roles", key=key, name=key, data_scope="all",
                        permissions={"*": ["read", "create", "update", "export"]},
                        field_permissions=levels)
    return tenant.user(key.replace("_", ""), roles=[key])


def test_history_applies_field_levels_to_every_change(tenant: Tenant) -> None:
    """Issue 11.2: a hidden mobile and a masked email never show in full in the audit
    log or the timeline (before the fix both showed every old and new value)."""
    rep = _restricted_rep(tenant, {"contacts": {"mobile": "hidden", "email": "masked"}})
    c = tenant.admin.create("contacts", name="钱七", mobile="13912345678",
                            email="qian@example.com", title="经理")
    tenant.admin.patch(f"contacts/{c['id']}", {"version": 1, "mobile": "13987654321",
                                                "email": "qian7@example.com"})
    tenant.admin.patch(f"contacts/{c['id']}", {"version": 2, "mobile": "13900000000"})
    secrets = ("13912345678", "13987654321", "13900000000", "qian@example.com",
               "qian7@example.com")
    audit = rep.get("audit", params={"object": "contacts", "record_id": c["id"]})
    timeline = rep.get(f"contacts/{c['id']}/timeline")
    for r in (audit, timeline):
        assert r.status_code == 200, r.text
        assert not [s for s in secrets if s in r.text], r.text
    created = audit.json()["items"][-1]["changes"]
    assert "mobile" not in created and created["email"] == [None, "q***@example.com"]
    assert created["title"] == [None, "经理"]  # what the rep may read stays
    # The change that touched only the hidden mobile is not on the rep's timeline.
    changes = [i for i in timeline.json()["items"] if i["kind"] == "change"]
    assert len(changes) == 2
    # The administrator still reads the full history.
    assert "13900000000" in tenant.admin.get(f"contacts/{c['id']}/timeline").text


def test_search_q_only_looks_in_fields_the_user_reads_in_full(tenant: Tenant) -> None:
    """Issue 11.3: prefix-probing ``q`` on a hidden mobile (or a masked email) no longer
    finds the record; the name still does."""
    rep = _restricted_rep(tenant, {"contacts": {"mobile": "hidden", "email": "masked"}})
    c = tenant.admin.create("contacts", name="孙八", mobile="13912345678",
                            email="sun8@example.com")
    for probe in ("1391234", "sun8@"):
        assert tenant.admin.get("contacts", params={"q": probe}).json()["items"]
        assert rep.get("contacts", params={"q": probe}).json()["items"] == [], probe
        r = rep.get("contacts/export", params={"q": probe})
        assert r.status_code == 200 and c["id"] not in r.text
    assert [i["id"] for i in rep.get("contacts", params={"q": "孙八"}).json()["items"]] == [
        c["id"]]


def test_money_totals_over_a_hidden_amount_are_withheld(tenant: Tenant) -> None:
    """Issue 11.3: with ``opportunities.amount`` hidden, the kanban, funnel, forecast and
    360° view give null totals naming the hidden field, never the sum (which with one
    deal in a stage *is* its amount); counts stay."""
    rep = _restricted_rep(tenant, {"opportunities": {"amount": "hidden"}})
    account = tenant.admin.create("accounts", name="保密客户")
    opp = tenant.admin.create("opportunities", name="保密商机", account_id=account["id"],
                              amount="98765.43", stage="proposal",
                              close_date=date.today().isoformat())
    tenant.admin.patch(f"opportunities/{opp['id']}", {"version": opp["version"],
                                                      "stage": "won"})
    secrets = ("98765.43", "98765")
    board = rep.get("opportunities/kanban").json()
    assert board["hidden_fields"] == ["opportunities.amount"]
    won = next(s for s in board["stages"] if s["key"] == "won")
    assert (won["count"], won["amount"], won["weighted_amount"]) == (1, None, None)
    assert board["totals"] == {"count": 1, "amount": None}
    funnel = rep.get("analytics/funnel").json()
    assert funnel["hidden_fields"] == ["opportunities.amount"]
    assert {s["amount"] for s in funnel["stages"]} == {None}
    assert funnel["totals"]["won_amount"] is None and funnel["totals"]["won_count"] == 1
    forecast = rep.get("analytics/forecast").json()
    assert forecast["hidden_fields"] == ["opportunities.amount"]
    assert forecast["won_amount"] is None and forecast["weighted_amount"] is None
    overview = rep.get(f"accounts/{account['id']}/overview").json()
    assert overview["hidden_fields"] == ["opportunities.amount"]
    assert overview["totals"]["won_amount"] is None
    assert overview["totals"]["ordered_amount"] == "0.00"
    history = rep.get(f"opportunities/{opp['id']}/stage_history").json()["items"]
    assert history and all("amount" not in h for h in history)
    for path in ("opportunities/kanban", "analytics/funnel", "analytics/forecast",
                 f"accounts/{account['id']}/overview", f"opportunities/{opp['id']}/timeline",
                 f"opportunities/{opp['id']}/stage_history"):
        text = rep.get(path).text
        assert not [s for s in secrets if s in text], (path, text)
    # The administrator's answers are unchanged: real sums, no hidden_fields.
    admin_board = tenant.admin.get("opportunities/kanban").json()
    assert admin_board["totals"]["amount"] == "98765.43" and "hidden_fields" not in admin_board


def _run_job(sessions: Any, worker: Any, kind: str) -> None:
    """What a schedule does, now."""
    from salescrm.platform.jobs import enqueue

    with sessions() as s, s.begin():
        s.info["tenant_id"] = None
        enqueue(s, kind, {})
    worker.run_until_idle()


def test_notifications_for_a_user_follow_their_field_levels(tenant: Tenant, worker: Any,
                                                            sessions: Any) -> None:
    """Issue 11.2: reminders, overdue notices, automation and approval messages are
    written for their recipient: a name or amount hidden from them reads "—" (before,
    each message quoted the value in full)."""
    rep = _restricted_rep(tenant, {"tasks": {"title": "hidden"},
                                   "payment_plans": {"amount": "hidden"},
                                   "accounts": {"name": "masked"}})
    admin = tenant.admin
    soon = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    admin.create("tasks", title="秘密任务甲", assignee_id=rep.user["id"], remind_at=soon)
    _run_job(sessions, worker, "tasks.send_reminders")
    account = rep.create("accounts", name="机密客户名称")
    order = admin.post("orders", {"account_id": account["id"],
                                  "lines": [{"quantity": "1", "unit_price": "8642.00"}]}).json()
    admin.create("payment_plans", order_id=order["id"], amount="7531.00",
                 owner_id=rep.user["id"], due_date=(date.today() - timedelta(days=1)).isoformat())
    _run_job(sessions, worker, "payment_plans.mark_overdue")
    r = admin.post("automation_rules", {"name": "新客户", "object": "accounts",
                                        "trigger": "created",
                                        "actions": [{"type": "notify", "user": "owner"}]})
    assert r.status_code == 201, r.text
    other = rep.create("accounts", name="另一家机密客户")
    worker.run_until_idle()
    r = admin.post("approval_flows", {"name": "客户审批", "object": "accounts",
                                      "steps": [{"approver": {"type": "user",
                                                              "value": rep.user["id"]},
                                                 "mode": "any"}]})
    assert r.status_code == 201, r.text
    assert admin.post(f"accounts/{other['id']}/submit").status_code in (200, 201)
    notes = rep.get("notifications", params={"limit": 200})
    kinds = {n["kind"] for n in notes.json()["items"]}
    assert {"task_reminder", "payment_overdue", "automation", "approval_request"} <= kinds, kinds
    for secret in ("秘密任务甲", "7531", "机密客户名称", "另一家机密客户"):
        assert secret not in notes.text, (secret, notes.text)
    assert "另一****客户" in notes.text  # masked, as the rep reads the account
    approvals = rep.get("approvals", params={"mine": "true"}).json()["items"]
    assert approvals and "另一家机密客户" not in str(approvals)


def test_a_masked_value_never_shows_whole() -> None:
    """A 7-character name used to keep 3 + 4 characters: all of it."""
    from salescrm.platform.permissions import mask

    assert mask("13812345678") == "138****5678"  # a mobile keeps its usual shape
    for value in ("另一家机密客户", "12500.00", "abcde", "MK-abcdef1234-B"):
        shown = mask(value).replace("****", "")
        assert len(shown) <= len(value) - len(value) / 3, (value, mask(value))


def test_webhook_payload_preview_follows_the_viewers_field_levels(tenant: Tenant,
                                                                  worker: Any) -> None:
    """Issue 11.2: an administrator whose role hides a field does not read it in a
    delivery's payload (record, changes) either; what was sent is unchanged."""
    admin = tenant.admin
    r = admin.post("webhooks", {"url": "http://127.0.0.1:9/hook",
                                "events": ["contacts.updated"], "secret": "s" * 24})
    assert r.status_code == 201, r.text
    hook = r.json()
    c = admin.create("contacts", name="周九", mobile="13911112222", email="zhou9@example.com")
    admin.patch(f"contacts/{c['id']}", {"version": 1, "title": "总监"})
    admin.patch(f"contacts/{c['id']}", {"version": 2, "email": "zhou99@example.com"})
    worker.run_until_idle()  # the shared database holds other tests' jobs too
    roles = admin.get("roles", params={"key": "admin"}).json()["items"]
    r = admin.patch(f"roles/{roles[0]['id']}", {
        "version": roles[0]["version"],
        "field_permissions": {"contacts": {"mobile": "hidden", "email": "masked"}}})
    assert r.status_code == 200, r.text
    listed = admin.get(f"webhooks/{hook['id']}/deliveries").json()["items"]
    assert len(listed) == 2
    for d in listed:
        one = admin.get(f"webhooks/{hook['id']}/deliveries/{d['id']}")
        assert one.status_code == 200, one.text
        for secret in ("13911112222", "zhou9@example.com", "zhou99@example.com"):
            assert secret not in one.text, one.text
        data = one.json()["payload"]["data"]
        assert "mobile" not in data["record"] and data["record"]["email"].startswith("z***@")


def test_standard_reports_refuse_grouping_by_a_hidden_field(tenant: Tenant) -> None:
    """Grouping by a hidden field would list its values as row keys and labels."""
    rep = _restricted_rep(tenant, {"accounts": {"region": "hidden"},
                                   "leads": {"utm_source": "masked"}})
    tenant.admin.create("accounts", name="华东客户", region="华东秘密大区")
    for path, params in (("analytics/revenue", {"by": "region", "measure": "ordered"}),
                         ("analytics/lead_conversion", {"by": "utm_source"})):
        assert tenant.admin.get(path, params=params).status_code == 200
        r = rep.get(path, params=params)
        assert r.status_code == 422 and r.json()["errors"][0]["code"] == "analytics.by_hidden"
        assert "华东秘密大区" not in r.text
    rep.locale = "zh-CN"
    r = rep.get("analytics/revenue", params={"by": "region"})
    assert r.status_code == 422 and "您的角色看不到字段" in r.json()["errors"][0]["message"]
    assert rep.get("analytics/revenue", params={"by": "month"}).status_code == 200
