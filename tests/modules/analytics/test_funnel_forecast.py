"""Funnel, conversion and forecast figures against a plain-Python computation over a
random history (several seeds), within tenant and data scope."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest

from tests.factories import Api, Tenant
from tests.modules.analytics.history import (
    OPEN,
    Deal,
    insert,
    oracle_forecast,
    oracle_funnel,
    simulate,
    visible,
)


@dataclass
class World:
    tenant: Tenant
    pipeline_id: str
    deals: list[Deal]
    now: datetime
    reps: dict[str, Api]
    departments: dict[str, str]
    regions: dict[str, list[str]]


def build(tenant: Tenant, sessions: Any, seed: int, n: int = 400) -> World:
    admin = tenant.admin
    sales = tenant.department("Sales")["id"]
    east = tenant.department("East", sales)["id"]
    east1 = tenant.department("East-1", east)["id"]
    west = tenant.department("West", sales)["id"]
    reps = {
        "manager": tenant.user("Manager", roles=["sales_manager"], department_id=east),
        "east": tenant.user("EastRep", department_id=east),
        "east1": tenant.user("East1Rep", department_id=east1),
        "west": tenant.user("WestRep", department_id=west),
    }
    regions: dict[str, list[str]] = {"华东": [], "华南": []}
    for i in range(6):
        region = "华东" if i % 2 else "华南"
        regions[region].append(admin.create("accounts", name=f"客户{i}", region=region)["id"])
    pipelines = admin.get("pipelines").json()["items"]
    pipeline_id = next(p["id"] for p in pipelines if p["is_default"])
    now = datetime.now(UTC) - timedelta(minutes=5)
    owners = [r.user["id"] for r in reps.values()] + [admin.user["id"]]
    deals = simulate(random.Random(seed), owners, regions["华东"] + regions["华南"], now, n)
    insert(sessions, tenant.id, pipeline_id, deals)
    return World(tenant, pipeline_id, deals, now, reps,
                 {"sales": sales, "east": east, "east1": east1, "west": west}, regions)


def check_funnel(api: Api, world: World | None, deals: list[Deal], start: date, end: date,
                 **params: str) -> dict[str, Any]:
    r = api.get("analytics/funnel", params={"from": start.isoformat(), "to": end.isoformat(),
                                            **params})
    assert r.status_code == 200, r.text
    got = r.json()
    want = oracle_funnel(deals, datetime.combine(start, datetime.min.time(), UTC),
                         datetime.combine(end + timedelta(days=1), datetime.min.time(), UTC))
    assert [s["key"] for s in got["stages"]] == [*OPEN, "won", "lost"]
    # Deals enter periods at later stages (created before, started mid-funnel): reach
    # is a share of the top stage's cohort all the same.
    assert all(s["reach_rate"] is None or 0 <= s["reach_rate"] <= 1 for s in got["stages"])
    for stage in got["stages"]:
        expected = want["stages"][stage["key"]]
        for name, value in expected.items():
            if name == "avg_days_in_stage" and value is not None:
                assert stage[name] == pytest.approx(value, abs=0.011), (stage["key"], name)
            else:
                assert stage[name] == value, (stage["key"], name, stage[name], value)
    for name, value in want["totals"].items():
        if name == "sales_cycle_days" and value is not None:
            assert got["totals"][name] == pytest.approx(value, abs=0.011)
        else:
            assert got["totals"][name] == value, (name, got["totals"][name], value)
    return got  # type: ignore[no-any-return]


@pytest.fixture(params=[3, 17, 2026], ids=lambda s: f"seed{s}")
def world(request: pytest.FixtureRequest, tenant: Tenant, sessions: Any) -> World:
    return build(tenant, sessions, request.param)


def test_funnel_matches_plain_python_for_every_scope_and_slicer(world: World) -> None:
    admin = world.tenant.admin
    today = world.now.date()
    periods = [(today - timedelta(days=150), today - timedelta(days=30)),
               (today - timedelta(days=400), today)]
    ids = {k: r.user["id"] for k, r in world.reps.items()}
    for start, end in periods:
        check_funnel(admin, world, visible(world.deals, None), start, end)
        # A rep's funnel counts only the rep's deals …
        check_funnel(world.reps["east"], world, visible(world.deals, {ids["east"]}), start, end)
        # … a manager's the department tree (East and East-1, not West).
        team = {ids["manager"], ids["east"], ids["east1"]}
        check_funnel(world.reps["manager"], world, visible(world.deals, team), start, end)
    start, end = periods[1]
    check_funnel(admin, world, visible(world.deals, {ids["west"]}), start, end,
                 owner_id=ids["west"])
    check_funnel(admin, world, visible(world.deals, {ids["east1"]}), start, end,
                 department_id=world.departments["east1"])
    check_funnel(admin, world, visible(world.deals, None, source="web"), start, end,
                 source="web")
    check_funnel(admin, world, visible(world.deals, None,
                                       account_ids=set(world.regions["华东"])),
                 start, end, region="华东")
    # By product: deals with a quote line or an order line of it (not other products).
    crm = admin.create("products", name="CRM 专业版", code="CRM-PRO", price="100.00")
    other = admin.create("products", name="Other", code="OTHER", price="5.00")
    live = [d for d in visible(world.deals, None) if d.status == "open"]
    quoted, ordered, elsewhere = live[:4], live[4:7], live[7:10]
    for d in quoted:
        admin.create("quotes", opportunity_id=d.id,
                     lines=[{"product_id": other["id"], "quantity": 1},
                            {"product_id": crm["id"], "quantity": 2}])
    for d in ordered:
        admin.create("orders", account_id=d.account_id, opportunity_id=d.id,
                     lines=[{"product_id": crm["id"], "quantity": 1}])
    for d in elsewhere:
        admin.create("quotes", opportunity_id=d.id,
                     lines=[{"product_id": other["id"], "quantity": 1}])
    check_funnel(admin, world, quoted + ordered, start, end, product_id=crm["id"])
    r = admin.get("analytics/forecast", params={"product_id": crm["id"]})
    assert r.status_code == 200, r.text
    r = admin.get("analytics/funnel", params={"product_id": "nope"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "product_id"
    # A manager slicing by a department outside the tree sees nothing of it.
    r = world.reps["manager"].get("analytics/funnel", params={
        "department_id": world.departments["west"], "from": start.isoformat(),
        "to": end.isoformat()})
    assert all(s["count"] == 0 for s in r.json()["stages"])


def _close(got: str, want: Decimal, tolerance: str = "0.00") -> None:
    rounded = want.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert abs(Decimal(got) - rounded) <= Decimal(tolerance), (got, want)


def check_forecast(api: Api, world: World, mine: list[Deal], period: tuple[date, date],
                   **params: str) -> dict[str, Any]:
    r = api.get("analytics/forecast", params={"from": period[0].isoformat(),
                                              "to": period[1].isoformat(), **params})
    assert r.status_code == 200, r.text
    got = r.json()
    want = oracle_forecast(world.deals, mine, datetime.fromisoformat(got["as_of"]), period)
    for stage in got["by_stage"]:
        for band in stage["by_age"]:
            rate = want["rates"][(stage["key"], band["age_from"])]
            assert (band["sample"], band["won"]) == (rate.alive, rate.won), (stage["key"],
                                                                            band)
            assert band["source"] == ("history" if rate.alive >= 20 else "stage_probability")
            assert band["avg_days_to_win"] == rate.avg_days
        if stage["rate_source"] != "history":
            assert stage["note"]
    for name in ("pipeline_amount", "weighted_amount", "won_amount", "commit_amount",
                 "best_case_amount"):
        _close(got[name], want[name])
    # Per-group rounding to the cent (and floats on SQLite) may move the last cent.
    _close(got["historical_amount"], want["historical_amount"], "0.10")
    owners = {o["owner_id"]: o for o in got["by_owner"]}
    for owner_id, figures in want["by_owner"].items():
        _close(owners[owner_id]["won_amount"], figures["won"])
        _close(owners[owner_id]["weighted_amount"], figures["weighted"])
    return got


def test_forecast_matches_plain_python(world: World) -> None:
    today = datetime.now(UTC).date()
    ids = {k: r.user["id"] for k, r in world.reps.items()}
    for period in [(today - timedelta(days=60), today + timedelta(days=90)),
                   (today, today + timedelta(days=30))]:
        got = check_forecast(world.tenant.admin, world, visible(world.deals, None), period)
        assert Decimal(got["best_case_amount"]) >= Decimal(got["commit_amount"]) >= Decimal(
            got["won_amount"])
        # Months add up to the total (each month rounded to the cent on its own).
        months = sum(Decimal(m["weighted_amount"]) for m in got["by_month"])
        assert abs(months - Decimal(got["weighted_amount"])) <= Decimal("0.01") * len(
            got["by_month"])
        team = {ids["manager"], ids["east"], ids["east1"]}
        check_forecast(world.reps["manager"], world, visible(world.deals, team), period)
        check_forecast(world.reps["west"], world, visible(world.deals, {ids["west"]}), period)
    # The department view rolls the sub-department up into East and Sales.
    got = world.tenant.admin.get("analytics/forecast").json()
    depts = {d["name"]: d for d in got["by_department"]}
    assert Decimal(depts["East"]["weighted_amount"]) >= Decimal(
        depts["East-1"]["weighted_amount"])
    assert Decimal(depts["Sales"]["won_amount"]) == sum(
        Decimal(o["won_amount"]) for o in got["by_owner"]
        if o["department_id"] in world.departments.values())


def test_thin_history_falls_back_to_stage_probability_and_says_so(
        tenant: Tenant, sessions: Any) -> None:
    world = build(tenant, sessions, seed=5, n=25)
    got = tenant.admin.get("analytics/forecast", params={"min_sample": "1000"}).json()
    assert {s["rate_source"] for s in got["by_stage"]} == {"stage_probability"}
    assert all(s["historical_rate"] == s["stage_probability"] / 100 for s in got["by_stage"])
    today = datetime.now(UTC).date()
    want = oracle_forecast(world.deals, visible(world.deals, None),
                           datetime.fromisoformat(got["as_of"]),
                           (date(today.year, 3 * ((today.month - 1) // 3) + 1, 1),
                            date.fromisoformat(got["period"]["to"])), min_sample=1000)
    _close(got["historical_amount"], want["historical_amount"], "0.10")
    tenant.admin.locale = "zh-CN"
    got = tenant.admin.get("analytics/forecast", params={"min_sample": "1000"}).json()
    assert "阶段赢率" in got["by_stage"][0]["note"]


def test_other_tenants_history_never_counts(tenants: Any, sessions: Any) -> None:
    a, b = tenants.new(), tenants.new()
    build(b, sessions, seed=9, n=60)
    funnel = a.admin.get("analytics/funnel", params={"from": "2020-01-01",
                                                     "to": "2030-01-01"}).json()
    assert all(s["count"] == 0 for s in funnel["stages"])
    forecast = a.admin.get("analytics/forecast").json()
    assert forecast["weighted_amount"] == "0.00"
    assert all(b["sample"] == 0 for s in forecast["by_stage"] for b in s["by_age"])


@pytest.mark.parametrize(("path", "params", "field"), [
    ("funnel", {"from": "2026-05-01", "to": "2026-04-01"}, "from"),
    ("funnel", {"from": "1900-01-01", "to": "2026-04-01"}, "from"),
    ("funnel", {"from": "2001-01-01", "to": "2026-04-01"}, "to"),
    ("funnel", {"from": "yesterday"}, "from"),
    ("funnel", {"to": "2026-02-30"}, "to"),
    ("funnel", {"pipeline_id": "nope"}, "pipeline_id"),
    ("funnel", {"owner_id": "nope"}, "owner_id"),
    ("funnel", {"department_id": "nope"}, "department_id"),
    ("funnel", {"tz": "Nowhere/City"}, "tz"),
    ("funnel", {"colour": "red"}, "colour"),
    ("forecast", {"from": "2026-05-01", "to": "2026-04-01"}, "from"),
    ("forecast", {"window_days": "5"}, "window_days"),
    ("forecast", {"min_sample": "many"}, "min_sample"),
    ("forecast", {"horizon_days": "3"}, "horizon_days"),
    ("forecast", {"pipeline_id": "nope"}, "pipeline_id"),
])
def test_bad_parameters_answer_422_naming_them(admin: Api, path: str, params: dict[str, str],
                                               field: str) -> None:
    r = admin.get(f"analytics/{path}", params=params)
    assert r.status_code == 422, r.text
    assert field in [e["field"] for e in r.json()["errors"]]


def test_backtest_replays_history_without_looking_ahead(
        tenant: Tenant, sessions: Any, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from typer.testing import CliRunner

    from salescrm.cli import app
    from salescrm.config import get_settings
    from tests.modules.analytics.history import oracle_backtest_month

    world = build(tenant, sessions, seed=31, n=500)
    monkeypatch.setenv("SALESCRM_DATABASE_URL", database_url)
    get_settings.cache_clear()
    try:
        out = CliRunner().invoke(app, ["forecast", "backtest", "--tenant-id", tenant.id,
                                       "--months", "4", "--json"])
        table = CliRunner().invoke(app, ["forecast", "backtest", "--tenant-id", tenant.id,
                                         "--months", "2"])
    finally:
        monkeypatch.delenv("SALESCRM_DATABASE_URL")
        get_settings.cache_clear()
    assert out.exit_code == 0, out.output
    assert table.exit_code == 0 and "MAPE" in table.output
    result = json.loads(out.output)
    assert [m["month"] for m in result["months"]] == sorted(m["month"]
                                                            for m in result["months"])
    errors: dict[str, list[float]] = {}
    for month in result["months"]:
        first = date.fromisoformat(month["month"] + "-01")
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        actual, preds = oracle_backtest_month(world.deals, first, last)
        _close(month["actual"], actual)
        for method, value in preds.items():
            _close(month[method], value, "0.10" if method == "historical" else "0.00")
            if actual:
                errors.setdefault(method, []).append(float(abs(value - actual) / actual))
    for method, errs in errors.items():
        assert result["mape"][method] == pytest.approx(sum(errs) / len(errs), abs=1e-3)


def test_rates_are_cached_and_refreshed_in_the_background(tenant: Tenant, sessions: Any,
                                                          worker: Any) -> None:
    from sqlalchemy import update

    from salescrm.models import ForecastStageRate

    world = build(tenant, sessions, seed=8, n=150)
    first = tenant.admin.get("analytics/forecast").json()
    again = tenant.admin.get("analytics/forecast").json()
    assert again["rates_computed_at"] == first["rates_computed_at"]
    # More history arrives; yesterday's figures answer until the refresh has run.
    more = simulate(random.Random(99), [tenant.admin.user["id"]],
                    world.regions["华东"], world.now, 150)
    insert(sessions, tenant.id, world.pipeline_id, more)
    with sessions() as s:
        s.info["tenant_id"] = tenant.id
        s.execute(update(ForecastStageRate).values(as_of=date.today() - timedelta(days=1)))
        s.commit()
    stale = tenant.admin.get("analytics/forecast").json()
    assert stale["rates_computed_at"] == first["rates_computed_at"]
    assert worker.run_until_idle() >= 1
    fresh = tenant.admin.get("analytics/forecast").json()
    assert fresh["rates_computed_at"] > first["rates_computed_at"]
    want = oracle_forecast(world.deals + more, [], datetime.fromisoformat(fresh["as_of"]),
                           (date.today(), date.today()))["rates"]
    for stage in fresh["by_stage"]:
        for band in stage["by_age"]:
            assert band["sample"] == want[(stage["key"], band["age_from"])].alive


def test_a_first_computation_too_long_for_a_request_moves_to_the_background(
        tenant: Tenant, sessions: Any, worker: Any) -> None:
    from salescrm.modules.analytics.sql import LIMITS

    build(tenant, sessions, seed=12, n=500)
    saved = LIMITS.first_rates_ms
    LIMITS.first_rates_ms = 0
    try:
        pending = tenant.admin.get("analytics/forecast").json()
    finally:
        LIMITS.first_rates_ms = saved
    assert pending["rates_computed_at"] is None and pending["notice"]
    assert {s["rate_source"] for s in pending["by_stage"]} == {"stage_probability"}
    assert worker.run_until_idle() >= 1
    ready = tenant.admin.get("analytics/forecast").json()
    assert ready["rates_computed_at"] is not None and "notice" not in ready
    assert "history" in {s["rate_source"] for s in ready["by_stage"]}
