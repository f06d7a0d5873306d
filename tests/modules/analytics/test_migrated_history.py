"""A known two-year history (tests/modules/analytics/data/deals_2016_2017.csv: 60 deals,
2016–2017, won/lost/open, created and closed dates, "entered <stage> on" columns)
imported as an administrator's migration, then every standard figure checked against a
plain-Python computation over the same file: revenue by month and quarter, the funnel
(reach never above 1, the sales cycle never negative), lost reasons, the leaderboard,
target attainment, the forecast's won amount of a past quarter,
and the forecast backtest (which says so, and exits 3, when it replays no history)."""

from __future__ import annotations

import csv
import json
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.factories import Api, Tenant
from tests.modules.analytics.history import (
    OPEN,
    PROB,
    Deal,
    Stay,
    oracle_backtest_month,
    oracle_funnel,
)
from tests.modules.analytics.test_funnel_forecast import check_funnel
from tests.platform.imports.helpers import run_import, upload

FILE = Path(__file__).parent / "data" / "deals_2016_2017.csv"
OWNERS = {"王芳": "wangfang", "Li Lei": "lilei", "Chen Jing": "chenjing"}
START, END = date(2016, 1, 1), date(2017, 12, 31)


def when(text: str) -> datetime:
    """The file's dates as the migration reads them: a bare date is 12:00 UTC."""
    if len(text) == 10:
        return datetime.combine(date.fromisoformat(text), time(12), UTC)
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)


@dataclass
class Row:
    deal: Deal
    lost_reason: str | None
    owner_name: str


def read_file(owner_ids: dict[str, str]) -> list[Row]:
    """The deals of the file as plain Python objects (the oracle's input)."""
    out = []
    with FILE.open(encoding="utf-8") as f:
        for n, r in enumerate(csv.DictReader(f)):
            entries = sorted((when(r[f"Entered {k} on"]), k) for k in OPEN
                             if r[f"Entered {k} on"])
            path = [(k, at) for at, k in entries]
            closed = r["stage"] in ("won", "lost")
            if closed:
                path.append((r["stage"], when(r["closed_at"] or r["close_date"])))
            amount = Decimal(r["amount"])
            deal = Deal(id=str(n), owner_id=owner_ids[r["owner_id"]], account_id=r["account_id"],
                        source=None, amount=amount,
                        created_at=when(r["created_at"]) if r["created_at"] else path[0][1],
                        close_date=date.fromisoformat(r["close_date"]),
                        probability=PROB[r["stage"]], forecast_category=None)
            for i, (stage, at) in enumerate(path):
                left = path[i + 1][1] if i + 1 < len(path) else None
                deal.history.append(Stay(stage, at, left, amount))
            out.append(Row(deal, r["lost_reason"] or None, r["owner_id"]))
    return out


@pytest.fixture
def migrated(tenant: Tenant, worker: Any) -> tuple[Tenant, list[Row]]:
    admin = tenant.admin
    owner_ids = {name: admin.create("users", name=name, email=f"{login}-{uuid.uuid4().hex[:8]}@example.com",
                                    password="Tr0ut-canyon-58", roles=["sales_rep"])["id"]
                 for name, login in OWNERS.items()}
    rows = read_file(owner_ids)
    accounts = "name\n" + "\n".join(sorted({r.deal.account_id for r in rows})) + "\n"
    assert run_import(admin, worker, "accounts", accounts.encode())["created"] == 5
    status = run_import(admin, worker, "opportunities", FILE.read_bytes(), migration=True)
    assert (status["created"], status["failed"]) == (len(rows), 0), status["errors"]
    assert status["warnings"] == []  # every column was used: the history ones too
    return tenant, rows


def _month_key(at: datetime, tz: str, by: str) -> str:
    local = at.astimezone(ZoneInfo(tz))
    return f"{local.year}-{local.month:02d}" if by == "month" else \
        f"{local.year}-Q{(local.month + 2) // 3}"


@pytest.mark.parametrize("tz", ["UTC", "Asia/Shanghai"])
def test_revenue_follows_the_close_dates_of_the_file(migrated: tuple[Tenant, list[Row]],
                                                    tz: str) -> None:
    tenant, rows = migrated
    won = [r.deal for r in rows if r.deal.status == "won"]
    for by in ("month", "quarter"):
        want: dict[str, list[Any]] = defaultdict(lambda: [0, Decimal(0)])
        for d in won:
            key = _month_key(d.closed_at or d.created_at, tz, by)
            want[key][0] += 1
            want[key][1] += d.amount or Decimal(0)
        r = tenant.admin.get("analytics/revenue", params={
            "by": by, "from": START.isoformat(), "to": END.isoformat(), "tz": tz})
        assert r.status_code == 200, r.text
        got = {row["key"]: [row["count"], Decimal(row["amount"])] for row in r.json()["rows"]}
        assert got == dict(want), by
        assert len(got) > (12 if by == "month" else 6)  # spread over the two years


def test_funnel_reach_and_cycle_match_the_file(migrated: tuple[Tenant, list[Row]]) -> None:
    tenant, rows = migrated
    deals = [r.deal for r in rows]
    for first, last in [(START, END), (date(2017, 1, 1), date(2017, 6, 30))]:
        got = check_funnel(tenant.admin, None, deals, first, last)  # == plain Python
        assert all(s["reach_rate"] is None or 0 <= s["reach_rate"] <= 1
                   for s in got["stages"])
        assert got["totals"]["sales_cycle_days"] > 10  # real lengths, not milliseconds


def test_lost_reasons_and_leaderboard_match_the_file(
        migrated: tuple[Tenant, list[Row]]) -> None:
    tenant, rows = migrated
    lost = [r for r in rows if r.deal.status == "lost"]
    r = tenant.admin.get("analytics/lost_reasons", params={"from": START.isoformat(),
                                                           "to": END.isoformat()})
    assert r.status_code == 200, r.text
    want = Counter(r.lost_reason for r in lost)
    assert {row["reason"]: row["count"] for row in r.json()["rows"]} == dict(want)
    assert r.json()["total"] == len(lost)
    for quarter in ("2016-Q3", "2017-Q4"):
        year, q = int(quarter[:4]), int(quarter[-1])
        totals: dict[str, Decimal] = defaultdict(Decimal)
        for row in rows:
            d = row.deal
            if d.status == "won" and d.closed_at and d.closed_at.year == year \
                    and (d.closed_at.month + 2) // 3 == q:
                totals[d.owner_id] += d.amount or Decimal(0)
        board = tenant.admin.get("analytics/leaderboard", params={"period": quarter,
                                                                  "tz": "UTC"})
        assert board.status_code == 200, board.text
        got = {i["user_id"]: Decimal(i["actual"]) for i in board.json()["items"]
               if Decimal(i["actual"])}
        assert got == dict(totals), quarter
        assert totals, quarter
    # A target for the best rep of 2017-Q4: attainment = what the file says they won.
    best = max(totals, key=lambda o: totals[o])
    r = tenant.admin.post("targets", {"subject_type": "user", "subject_id": best,
                                      "period": "2017-Q4", "amount": "1000000.00"})
    assert r.status_code == 201, r.text
    board = tenant.admin.get("analytics/targets", params={"period": "2017-Q4", "tz": "UTC"})
    mine = next(u for u in board.json()["users"] if u["user_id"] == best)
    assert Decimal(mine["actual"]) == totals[best]
    assert mine["attainment"] == round(float(totals[best] / Decimal(1_000_000)), 4)
    # The forecast of a past quarter counts what was won in it.
    fc = tenant.admin.get("analytics/forecast", params={"from": "2017-10-01",
                                                        "to": "2017-12-31"})
    assert fc.status_code == 200, fc.text
    assert Decimal(fc.json()["won_amount"]) == sum(totals.values(), Decimal(0))


def _backtest(tenant: Tenant, database_url: str, monkeypatch: pytest.MonkeyPatch,
              *args: str) -> Any:
    from typer.testing import CliRunner

    from salescrm.cli import app
    from salescrm.config import get_settings

    monkeypatch.setenv("SALESCRM_DATABASE_URL", database_url)
    get_settings.cache_clear()
    try:
        return CliRunner().invoke(app, ["forecast", "backtest", "--tenant-id", tenant.id,
                                        *args])
    finally:
        monkeypatch.delenv("SALESCRM_DATABASE_URL")
        get_settings.cache_clear()


def test_backtest_replays_the_migrated_years(migrated: tuple[Tenant, list[Row]],
                                             database_url: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    tenant, rows = migrated
    deals = [r.deal for r in rows]
    out = _backtest(tenant, database_url, monkeypatch, "--until", "2018-01", "--months", "12",
                    "--json")
    assert out.exit_code == 0, out.output
    result = json.loads(out.output)
    assert result["thin"] is False and result["months_with_wins"] >= 3
    assert [m["month"] for m in result["months"]] == [f"2017-{m:02d}" for m in range(1, 13)]
    errors: dict[str, list[Decimal]] = defaultdict(list)
    for month in result["months"]:
        first = date.fromisoformat(month["month"] + "-01")
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        actual, preds = oracle_backtest_month(deals, first, last)
        assert Decimal(month["actual"]) == actual, month
        for method, value in preds.items():
            assert abs(Decimal(month[method]) - value.quantize(Decimal("0.01"))) <= Decimal(
                "0.01"), (month["month"], method)
        for method in ("pipeline", "stage_probability", "historical", "weighted_close_date"):
            if actual:
                errors[method].append(abs(preds.get(method, Decimal(0)) - actual) / actual)
    for method, errs in errors.items():
        assert result["mape"][method] == pytest.approx(float(sum(errs) / len(errs)), abs=1e-3)
    assert any(Decimal(m["actual"]) for m in result["months"])


@pytest.mark.parametrize("locale,words", [("en", "too thin"), ("zh-CN", "历史数据太少")])
def test_backtest_says_when_the_history_is_too_thin(migrated: tuple[Tenant, list[Row]],
                                                    database_url: str,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    locale: str, words: str) -> None:
    tenant, _rows = migrated
    # The last twelve months before today: nothing was won then (the history is 2016–17).
    out = _backtest(tenant, database_url, monkeypatch, "--locale", locale)
    assert out.exit_code == 3, out.output
    assert words in out.output and "--until 2018-01" in out.output
    assert "MAPE" not in out.output
    as_json = _backtest(tenant, database_url, monkeypatch, "--locale", locale, "--json")
    assert as_json.exit_code == 3
    body = json.loads(as_json.output)
    assert body["thin"] is True and body["mape"] is None and words in body["message"]


def test_a_migration_import_is_for_administrators_only(tenant: Tenant) -> None:
    rep = tenant.user("Rep")
    r = upload(rep, "opportunities", FILE.read_bytes(), migration=True)
    assert r.status_code == 403, r.text
    assert r.json()["code"] == "import.migration_admin_only"
    r = upload(tenant.admin, "accounts", b"name,created_at\nA,2016-01-01\n", migration=True)
    assert r.status_code == 422
    assert r.json()["errors"][0]["code"] == "import.migration_unsupported"


def _deal(n: int, owner: str, account: str, path: list[tuple[str, datetime]],
          created: datetime | None = None) -> Deal:
    amount = Decimal(1000 * (n + 1))
    deal = Deal(id=str(uuid.uuid4()), owner_id=owner, account_id=account, source=None,
                amount=amount, created_at=created or path[0][1], close_date=None,
                probability=PROB[path[-1][0]], forecast_category=None)
    for i, (stage, at) in enumerate(path):
        deal.history.append(Stay(stage, at, path[i + 1][1] if i + 1 < len(path) else None,
                                 amount))
    return deal


def test_reach_never_exceeds_one_when_deals_enter_the_period_at_later_stages(
        admin: Api, tenant: Tenant, sessions: Any) -> None:
    """A period where one deal entered the first stage and eight entered later stages
    (created before it, imported straight into a later stage, or moved back and forth):
    the first stage's count over the later stages' used to give reach 8.0."""
    from tests.modules.analytics.history import insert

    account = admin.create("accounts", name="Reach")["id"]
    pipeline = next(p["id"] for p in admin.get("pipelines").json()["items"] if p["is_default"])
    me = admin.user["id"]
    day = datetime(2017, 3, 1, 12, tzinfo=UTC)
    deals = [_deal(0, me, account, [("initial", day), ("qualified", day + timedelta(days=3)),
                                    ("won", day + timedelta(days=9))])]
    for n in range(1, 9):  # entered before the period, or straight into a later stage
        before = day - timedelta(days=40 + n)
        deals.append(_deal(n, me, account, [
            ("initial", before), ("proposal", day + timedelta(days=n)),
            ("qualified", day + timedelta(days=n, hours=5)),  # moved back
            ("negotiation", day + timedelta(days=n + 2))]))
    deals.append(_deal(9, me, account, [("proposal", day + timedelta(days=2))]))
    insert(sessions, tenant.id, pipeline, deals)
    got = admin.get("analytics/funnel", params={"from": "2017-03-01", "to": "2017-03-31"})
    assert got.status_code == 200, got.text
    stages = {s["key"]: s for s in got.json()["stages"]}
    assert stages["initial"]["count"] == 1 and stages["proposal"]["count"] == 9
    assert [stages[k]["reach_rate"] for k in [*OPEN, "won", "lost"]] == [
        1.0, 1.0, 1.0, 1.0, 1.0, None]  # the one deal that started in the period won
    want = oracle_funnel(deals, datetime(2017, 3, 1, tzinfo=UTC),
                         datetime(2017, 4, 1, tzinfo=UTC))
    assert {k: s["reach_rate"] for k, s in stages.items()} == {
        k: v["reach_rate"] for k, v in want["stages"].items()}


def test_the_sales_cycle_is_never_negative(admin: Api, tenant: Tenant, sessions: Any) -> None:
    """A deal created and won in one request was written closed a few milliseconds
    before its creation: the average cycle came out as −0.0 days."""
    from sqlalchemy import update

    from salescrm.models import Opportunity

    account = admin.create("accounts", name="Cycle")["id"]
    won = [admin.create("opportunities", name=f"快单 {i}", account_id=account, amount="10",
                        stage="won") for i in range(3)]
    with sessions() as s:
        s.info["tenant_id"] = tenant.id
        for deal in won:
            row = s.get(Opportunity, deal["id"])
            s.execute(update(Opportunity).where(Opportunity.id == row.id).values(
                closed_at=row.created_at - timedelta(milliseconds=3)))
        s.commit()
    today = date.today().isoformat()
    totals = admin.get("analytics/funnel", params={"from": (date.today() - timedelta(days=2))
                                                   .isoformat(), "to": today}).json()["totals"]
    assert totals["won_count"] == 3
    assert totals["sales_cycle_days"] == 0.0
    assert str(totals["sales_cycle_days"]) == "0.0"  # not −0.0


def test_the_readme_migration_example_imports_as_it_says(tenant: Tenant, worker: Any) -> None:
    """The worked example in README.md ("Migrating from spreadsheets"), as written."""
    import re

    readme = (Path(__file__).parents[3] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Migrating from spreadsheets", 1)[1].split("\n## ", 1)[0]
    accounts, contacts, deals = re.findall(r"```csv\n(.*?)```", section, re.S)
    admin = tenant.admin
    for name in ("王芳", "Li Lei"):
        admin.create("users", name=name, email=f"u-{uuid.uuid4().hex[:8]}@example.com",
                     password="Tr0ut-canyon-58", roles=["sales_rep"])
    assert run_import(admin, worker, "accounts", accounts.encode())["created"] == 2
    assert run_import(admin, worker, "contacts", contacts.encode())["created"] == 2
    status = run_import(admin, worker, "opportunities", deals.encode(), migration=True)
    assert (status["created"], status["failed"]) == (3, 0), status["errors"]
    items = {d["name"]: d for d in admin.get("opportunities").json()["items"]}
    assert items["二期扩容"]["closed_at"].startswith("2017-03-01T12:00")
    assert items["二期扩容"]["created_at"].startswith("2016-11-20")
    assert items["年度维保"]["closed_at"].startswith("2017-06-12T15:30")
    assert items["新园区"]["status"] == "open" and items["新园区"]["closed_at"] is None
    stays = admin.get(f"opportunities/{items['二期扩容']['id']}/stage_history").json()["items"]
    assert [s["stage"] for s in stays] == [*OPEN, "won"]
