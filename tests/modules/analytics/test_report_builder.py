"""The report builder over built-in and custom objects and fields, checked against the
same figures computed in plain Python from the records the test created."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.factories import Api, Tenant
from tests.modules.analytics.helpers import (
    add_custom_fields,
    add_custom_object,
    error_fields,
    ok,
    role,
    run,
)

FIELDS: dict[str, dict[str, Any]] = {
    "cf_score": {"type": "number"},
    "cf_seats": {"type": "integer"},
    "cf_budget": {"type": "money"},
    "cf_signed": {"type": "date"},
    "cf_seen_at": {"type": "datetime"},
    "cf_vip": {"type": "boolean"},
    "cf_tier": {"type": "picklist", "options": ["gold", "silver", "bronze"]},
    "cf_tags": {"type": "multi_picklist", "options": ["a", "b"]},
    "cf_note": {"type": "textarea"},
    "cf_mail": {"type": "email"},
    "cf_text": {"type": "text"},
}
NUMERIC = {"number", "integer", "money"}
ACCEPTS = {"count": None, "sum": NUMERIC, "avg": NUMERIC,
           "min": NUMERIC | {"date", "datetime"}, "max": NUMERIC | {"date", "datetime"}}
ZONES = ["Asia/Shanghai", "UTC", "America/New_York"]


def _value(rng: random.Random, name: str, typ: str) -> Any:
    if rng.random() < 0.2:
        return None
    if typ == "number":
        return str(Decimal(rng.randint(-5000, 50000)) / 100)
    if typ == "integer":
        return rng.randint(-10, 500)
    if typ == "money":
        return f"{Decimal(rng.randint(0, 10**8)) / 100:.2f}"
    if typ == "date":
        return (date(2025, 1, 1) + timedelta(days=rng.randint(0, 700))).isoformat()
    if typ == "datetime":
        moment = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randint(0, 10**6))
        # Offsets differ per record: comparisons must be between instants, not texts.
        return moment.astimezone(ZoneInfo(rng.choice(ZONES))).isoformat()
    if typ == "boolean":
        return rng.random() < 0.5
    if typ == "picklist":
        return rng.choice(["gold", "silver", "bronze"])
    if typ == "multi_picklist":
        return rng.sample(["a", "b"], rng.randint(1, 2))
    if typ == "email":
        return f"p{rng.randint(1, 10**6)}@example.com"
    return f"{name} {rng.randint(1, 5)}"


@pytest.fixture
def accounts_data(tenant: Tenant, sessions: Any) -> list[dict[str, Any]]:
    add_custom_fields(sessions, tenant.id, "accounts", FIELDS)
    rng = random.Random(11)
    rows = []
    for i in range(36):
        body: dict[str, Any] = {"name": f"客户 {i}", "level": rng.choice(["A", "B", "C", "D"]),
                                "industry": rng.choice(["制造", "IT", None])}
        for name, d in FIELDS.items():
            body[name] = _value(rng, name, d["type"])
        created = tenant.admin.create("accounts", **body)
        rows.append({**body, "id": created["id"], "created_at": created["created_at"],
                     "owner_id": created["owner_id"], "version": created["version"]})
    return rows


def _money(v: Decimal) -> str:
    return f"{v.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):.2f}"


def _expected(typ: str, agg: str, values: list[Any]) -> Any:
    """The aggregate of non-empty values, formatted as the API formats it."""
    present = [v for v in values if v is not None]
    if agg == "count":
        return len(present)
    if not present:
        return None
    if typ == "datetime":
        moments = [datetime.fromisoformat(v) for v in present]
        pick = min(moments) if agg == "min" else max(moments)
        return pick.astimezone(UTC)
    if typ == "date":
        return min(present) if agg == "min" else max(present)
    nums = [Decimal(str(v)) for v in present]
    if agg == "avg":
        mean = sum(nums) / len(nums)
        if typ == "money":
            return _money(mean)
        return format(mean.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP).normalize(), "f")
    total = sum(nums) if agg == "sum" else (min(nums) if agg == "min" else max(nums))
    if typ == "money":
        return _money(total)
    if typ == "integer":
        return int(total)
    return format(Decimal(total).normalize(), "f")


def _same(typ: str, got: Any, want: Any) -> bool:
    if typ == "datetime" and want is not None and not isinstance(want, int):
        return datetime.fromisoformat(got) == want
    return bool(got == want)


def test_every_aggregation_over_every_field_type_matches_python(
        admin: Api, accounts_data: list[dict[str, Any]]) -> None:
    fields = {**{n: d["type"] for n, d in FIELDS.items()}, "name": "text", "level": "picklist",
              "version": "integer", "created_at": "datetime", "owner_id": "lookup"}
    for name, typ in fields.items():
        for agg, accepts in ACCEPTS.items():
            r = run(admin, object="accounts", measures=[{"field": name, "agg": agg}],
                    group_by=["level"])
            if accepts is not None and typ not in accepts:
                assert error_fields(r) == ["measures.0"], (name, agg)
                assert typ in r.json()["errors"][0]["message"]
                continue
            assert r.status_code == 200, (name, agg, r.text)
            by_level: dict[str, list[Any]] = defaultdict(list)
            for row in accounts_data:
                by_level[row["level"]].append(row.get(name))
            got = {row["level"]: row[f"{agg}_{name}"] for row in r.json()["rows"]}
            assert set(got) == set(by_level)
            for level, values in by_level.items():
                want = _expected(typ, agg, values)
                assert _same(typ, got[level], want), (name, agg, level, got[level], want)


def test_date_buckets_and_time_zone(admin: Api, accounts_data: list[dict[str, Any]]) -> None:
    def label(d: date, unit: str) -> str:
        return {"day": d.isoformat(), "week": (d - timedelta(days=d.weekday())).isoformat(),
                "month": d.strftime("%Y-%m"), "quarter": f"{d.year}-Q{(d.month - 1) // 3 + 1}",
                "year": str(d.year)}[unit]

    for unit in ("day", "week", "month", "quarter", "year"):
        want: dict[str | None, int] = defaultdict(int)
        for row in accounts_data:
            v = row["cf_signed"]
            want[label(date.fromisoformat(v), unit) if v else None] += 1
        rows = ok(admin, object="accounts", group_by=[f"cf_signed:{unit}"], limit=1000)["rows"]
        assert {r[f"cf_signed:{unit}"]: r["count"] for r in rows} == want
        keys = [r[f"cf_signed:{unit}"] for r in rows if r[f"cf_signed:{unit}"]]
        assert keys == sorted(keys)

    shanghai = ZoneInfo("Asia/Shanghai")
    want = defaultdict(int)
    for row in accounts_data:
        v = row["cf_seen_at"]
        want[datetime.fromisoformat(v).astimezone(shanghai).strftime("%Y-%m") if v else None] += 1
    rows = ok(admin, object="accounts", group_by=["cf_seen_at:month"],
              timezone="Asia/Shanghai")["rows"]
    assert {r["cf_seen_at:month"]: r["count"] for r in rows} == want


def test_two_level_group_by_with_filters_sort_and_top_n(
        admin: Api, accounts_data: list[dict[str, Any]]) -> None:
    chosen = [r for r in accounts_data if r["cf_seats"] is not None and r["cf_seats"] >= 100
              and r["cf_tier"] in ("gold", "silver")]
    want: dict[tuple[Any, Any], Decimal] = defaultdict(Decimal)
    for r in chosen:
        want[(r["level"], r["cf_vip"])] += Decimal(r["cf_budget"] or 0)
    result = ok(admin, object="accounts", group_by=["level", "cf_vip"],
                measures=[{"field": "cf_budget", "agg": "sum"}, {"agg": "count"}],
                filters={"cf_seats__gte": 100, "cf_tier__in": ["gold", "silver"]},
                sort="-sum_cf_budget", limit=3)
    got = [(r["level"], r["cf_vip"], Decimal(r["sum_cf_budget"] or 0)) for r in result["rows"]]
    top = sorted(want.items(), key=lambda kv: -kv[1])[:3]
    assert [amount for *_k, amount in got] == [amount for _k, amount in top]
    assert result["truncated"] == (len(want) > 3)
    assert [c["key"] for c in result["columns"]] == ["level", "cf_vip", "sum_cf_budget",
                                                     "count"]


def test_lookup_groups_carry_the_display_name(admin: Api, tenant: Tenant) -> None:
    rep = tenant.user("Rep")
    for i in range(3):
        rep.create("accounts", name=f"R{i}")
    admin.create("accounts", name="A0")
    rows = ok(admin, object="accounts", group_by=["owner_id"], sort="-count")["rows"]
    assert [(r["owner_id_label"], r["count"]) for r in rows] == [
        ("Rep", 3), (admin.user["name"], 1)]


def test_custom_object_report(tenant: Tenant, sessions: Any) -> None:
    add_custom_object(sessions, tenant.id, "site_visits", {
        "region": {"type": "picklist", "options": ["华东", "华南"]},
        "cost": {"type": "money"}, "visited_on": {"type": "date"}})
    api = tenant.admin
    for region, cost, day in [("华东", "100.10", "2026-01-05"), ("华东", "0.20", "2026-02-01"),
                              ("华南", "5.00", "2026-02-03")]:
        api.create("site_visits", name="v", region=region, cost=cost, visited_on=day)
    rows = ok(api, object="site_visits", group_by=["region", "visited_on:month"],
              measures=[{"field": "cost", "agg": "sum"}, {"field": "cost", "agg": "avg"}])["rows"]
    assert rows == [
        {"region": "华东", "visited_on:month": "2026-01", "sum_cost": "100.10",
         "avg_cost": "100.10"},
        {"region": "华东", "visited_on:month": "2026-02", "sum_cost": "0.20", "avg_cost": "0.20"},
        {"region": "华南", "visited_on:month": "2026-02", "sum_cost": "5.00", "avg_cost": "5.00"},
    ]


def test_empty_results(admin: Api) -> None:
    result = ok(admin, object="accounts", group_by=["industry"],
                measures=[{"field": "name", "agg": "count"}])
    assert result["rows"] == [] and result["truncated"] is False
    # Without group-by, one row of totals even when nothing matches.
    result = ok(admin, object="accounts", measures=[{"agg": "count"}],
                filters={"name": "nobody"})
    assert result["rows"] == [{"count": 0}]


def test_data_scope_rep_counts_only_own_records(tenant: Tenant) -> None:
    rep = tenant.user("Rep")
    other = tenant.user("Other")
    for i in range(2):
        rep.create("accounts", name=f"mine {i}", industry="IT")
    other.create("accounts", name="theirs", industry="IT")
    tenant.admin.create("accounts", name="admin's", industry="IT")
    assert ok(rep, object="accounts", group_by=["industry"])["rows"] == [
        {"industry": "IT", "count": 2}]
    assert ok(tenant.admin, object="accounts", group_by=["industry"])["rows"] == [
        {"industry": "IT", "count": 4}]


def test_other_tenants_records_never_count(tenants: Any) -> None:
    a, b = tenants.new(), tenants.new()
    a.admin.create("accounts", name="a")
    b.admin.create("accounts", name="b")
    b.admin.create("accounts", name="b2")
    assert ok(a.admin, object="accounts")["rows"] == [{"count": 1}]


def test_hidden_fields_are_refused_everywhere(tenant: Tenant) -> None:
    key = role(tenant, "all", {"accounts": {"industry": "hidden", "phone": "masked"}})
    user = tenant.user("Restricted", roles=[key])
    assert error_fields(run(user, object="accounts", filters={"industry": "IT"})) == [
        "filters.industry"]
    assert error_fields(run(user, object="accounts", group_by=["industry"])) == ["group_by.0"]
    assert error_fields(run(user, object="accounts",
                            measures=[{"field": "industry", "agg": "count"}])) == ["measures.0"]
    assert error_fields(run(user, object="accounts", group_by=["phone"])) == ["group_by.0"]
    # A masked field may be counted, never grouped or compared.
    assert ok(user, object="accounts", measures=[{"field": "phone", "agg": "count"}])
    assert ok(tenant.admin, object="accounts", filters={"industry": "IT"})


@pytest.mark.parametrize(("spec", "fields"), [
    ({"object": "accounts", "group_by": ["nope"]}, ["group_by.0"]),
    ({"object": "accounts", "measures": [{"field": "name", "agg": "sum"}]}, ["measures.0"]),
    ({"object": "accounts", "measures": [{"field": "name", "agg": "median"}]}, ["measures.0"]),
    ({"object": "accounts", "measures": [{"agg": "sum"}]}, ["measures.0"]),
    ({"object": "accounts", "group_by": ["name", "level", "industry", "city"]}, ["group_by"]),
    ({"object": "accounts", "group_by": ["created_at"]}, ["group_by.0"]),
    ({"object": "accounts", "group_by": ["created_at:fortnight"]}, ["group_by.0"]),
    ({"object": "accounts", "group_by": ["name:month"]}, ["group_by.0"]),
    ({"object": "accounts", "group_by": ["level", "level"]}, ["group_by.1"]),
    ({"object": "accounts", "filters": {"nope__gte": "1"}}, ["filters.nope__gte"]),
    ({"object": "accounts", "filters": {"created_at__gte": "yesterday"}},
     ["filters.created_at__gte"]),
    ({"object": "accounts", "filters": ["industry"]}, ["filters"]),
    ({"object": "accounts", "sort": "-amount"}, ["sort"]),
    ({"object": "accounts", "limit": 0}, ["limit"]),
    ({"object": "accounts", "limit": 10**6}, ["limit"]),
    ({"object": "accounts", "timezone": "Mars/Olympus"}, ["timezone"]),
    ({"object": "accounts", "groupby": ["level"]}, ["groupby"]),
    ({"object": "no_such_object"}, ["object"]),
    ({"group_by": ["level"]}, ["object"]),
])
def test_bad_report_definitions_answer_422_naming_the_field(
        admin: Api, spec: dict[str, Any], fields: list[str]) -> None:
    r = admin.post("reports/run", spec)
    assert error_fields(r) == fields
    assert all(e["message"] for e in r.json()["errors"])


def test_errors_are_localized(admin: Api) -> None:
    admin.locale = "zh-CN"
    r = run(admin, object="accounts", measures=[{"field": "name", "agg": "sum"}])
    assert "不能对" in r.json()["errors"][0]["message"]


def test_malformed_body_is_400(admin: Api) -> None:
    r = admin.client.post("/api/v1/reports/run", content=b"{nope",
                          headers={**admin.headers, "Content-Type": "application/json"})
    assert r.status_code == 400


def test_row_limit_and_statement_timeout_answer_clearly(admin: Api, tenant: Tenant,
                                                        sessions: Any) -> None:
    from sqlalchemy import insert

    from salescrm.models import Account
    from salescrm.modules.analytics.sql import LIMITS

    with sessions() as s:
        s.info["tenant_id"] = tenant.id
        now = datetime.now(UTC)
        s.execute(insert(Account), [
            {"id": f"bulk-{tenant.id[:8]}-{i}", "tenant_id": tenant.id, "name": f"n{i % 3000}",
             "owner_id": admin.user["id"], "version": 1, "custom": {}, "created_at": now,
             "updated_at": now} for i in range(30000)])
        s.commit()
    result = ok(admin, object="accounts", group_by=["name"], limit=100)
    assert len(result["rows"]) == 100 and result["truncated"] is True
    assert "100" in result["notice"]

    saved = LIMITS.timeout_ms
    LIMITS.timeout_ms = 1
    try:
        r = run(admin, object="accounts", group_by=["name"],
                filters={"name__contains": "n1"}, measures=[{"field": "name", "agg": "count"}])
    finally:
        LIMITS.timeout_ms = saved
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "report.timeout"
    assert "0.001" in r.json()["detail"]


def test_reports_read_from_the_reports_database_when_one_is_set(
        admin: Api, app: Any, tmp_path: Any) -> None:
    """With SALESCRM_REPORTS_DATABASE_URL set, figures come from that database (here an
    empty one standing in for a replica that has not caught up), sign-in from the
    primary."""
    from salescrm.db.migrate import upgrade

    admin.create("accounts", name="on the primary")
    replica = f"sqlite:///{tmp_path / 'replica.db'}"
    upgrade(replica)
    primary_settings = app.state.settings
    app.state.settings = primary_settings.model_copy(update={"reports_database_url": replica})
    try:
        assert ok(admin, object="accounts")["rows"] == [{"count": 0}]
        r = admin.get("analytics/lost_reasons")
        assert r.status_code == 200 and r.json()["total"] == 0
    finally:
        app.state.settings = primary_settings
    assert ok(admin, object="accounts")["rows"] == [{"count": 1}]


def test_stage_groups_carry_the_stage_name(admin: Api, tenant: Tenant) -> None:
    """A deal stage is a key ("proposal"); the report names it as the pipeline does, in
    the caller's language, and by the deal's own pipeline when that is grouped too."""
    account = admin.create("accounts", name="Stage Co")["id"]
    default = next(p for p in admin.get("pipelines").json()["items"] if p["is_default"])
    stages = [{"key": "initial", "name": "Door opened", "probability": 10, "kind": "open"},
              {"key": "won", "name": "Signed", "probability": 100, "kind": "won"},
              {"key": "lost", "name": "Gone", "probability": 0, "kind": "lost"}]
    r = admin.post("pipelines", {"name": "Channel", "stages": stages})
    assert r.status_code == 201, r.text
    other = r.json()["id"]
    admin.create("opportunities", name="D1", account_id=account, amount="100")
    admin.create("opportunities", name="D2", account_id=account, amount="50",
                 pipeline_id=other)
    rows = ok(admin, object="opportunities", group_by=["stage"])["rows"]
    # Without the pipeline grouped, the default pipeline names the stage.
    first = next(s for s in default["stages"] if s["key"] == "initial")
    assert [(r["stage"], r["stage_label"], r["count"]) for r in rows] == [
        ("initial", first["labels"]["en"], 2)]
    zh = Api(admin.client, admin.token, admin.user, locale="zh-CN")
    assert ok(zh, object="opportunities", group_by=["stage"])["rows"][0]["stage_label"] == \
        first["labels"]["zh-CN"]
    by_pipeline = ok(admin, object="opportunities", group_by=["pipeline_id", "stage"])["rows"]
    assert sorted((r["pipeline_id"], r["stage_label"]) for r in by_pipeline) == sorted([
        (default["id"], first["labels"]["en"]), (other, "Door opened")])
    # The key stays where it was: the label is an added column.
    assert {"stage", "stage_label", "count"} <= set(by_pipeline[0])
