"""Amounts in other currencies are converted with the exchange rates before any figure
adds them up; a currency without a rate is left out and named, never summed at face
value."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest

from tests.factories import Api, Tenant


def deal(api: Api, account: str, name: str, amount: str, currency: str,
         won: bool) -> dict[str, Any]:
    d = api.create("opportunities", name=name, account_id=account, amount=amount,
                   currency=currency, close_date=date.today().isoformat())
    if won:
        r = api.patch(f"opportunities/{d['id']}", {"stage": "won", "version": d["version"]})
        assert r.status_code == 200, r.text
        d = r.json()
    return d


def converted(amount: str, rate: str) -> Decimal:
    return (Decimal(amount) * Decimal(rate)).quantize(Decimal("0.01"), ROUND_HALF_UP)


@pytest.fixture
def books(tenant: Tenant) -> Api:
    admin = tenant.admin
    account = admin.create("accounts", name="环球贸易")["id"]
    deal(admin, account, "国内", "1000.00", "CNY", won=True)
    deal(admin, account, "美国", "100.00", "USD", won=True)
    deal(admin, account, "欧洲", "50.00", "EUR", won=True)
    deal(admin, account, "美国二期", "10.01", "usd", won=False)
    return admin


def figures(admin: Api) -> dict[str, Any]:
    funnel = admin.get("analytics/funnel").json()
    forecast = admin.get("analytics/forecast").json()
    revenue = admin.get("analytics/revenue", params={"measure": "won"}).json()
    report = admin.post("reports/run", {"object": "opportunities", "group_by": ["status"],
                                        "measures": [{"field": "amount", "agg": "sum"}]})
    assert report.status_code == 200, report.text
    targets = admin.get("analytics/targets", params={"period": "current_month"}).json()
    return {"funnel": funnel, "forecast": forecast, "revenue": revenue,
            "report": report.json(), "targets": targets}


def test_without_rates_foreign_amounts_are_left_out_and_named(books: Api) -> None:
    f = figures(books)
    for name in ("funnel", "forecast", "revenue", "report", "targets"):
        assert f[name]["currency"] == {"code": "CNY", "rates": {},
                                       "unconverted": ["EUR", "USD"]}, name
    assert f["funnel"]["totals"]["won_count"] == 3
    assert f["funnel"]["totals"]["won_amount"] == "1000.00"
    assert f["forecast"]["won_amount"] == "1000.00"
    assert f["forecast"]["pipeline_amount"] == "0.00"
    assert f["revenue"]["total"]["amount"] == "1000.00"
    won = next(r for r in f["report"]["rows"] if r["status"] == "won")
    assert won["sum_amount"] == "1000.00"


def test_only_unconvertible_deals_won_leaves_the_money_out(tenant: Tenant) -> None:
    admin = tenant.admin
    account = admin.create("accounts", name="美国客户")["id"]
    deal(admin, account, "只有美元", "100.00", "USD", won=True)
    r = admin.get("analytics/funnel")
    assert r.status_code == 200, r.text
    totals = r.json()["totals"]
    assert (totals["won_count"], totals["won_amount"], totals["avg_deal_size"]) == (
        1, "0.00", None)
    assert r.json()["currency"]["unconverted"] == ["USD"]


def test_rates_convert_every_figure(books: Api) -> None:
    r = books.post("exchange_rates", {"currency": "usd", "rate": "7.1234"})
    assert r.status_code == 201, r.text
    assert (r.json()["currency"], r.json()["rate"]) == ("USD", "7.1234")
    f = figures(books)
    want = Decimal("1000.00") + converted("100.00", "7.1234")
    for name in ("funnel", "forecast", "revenue", "report", "targets"):
        assert f[name]["currency"] == {"code": "CNY", "rates": {"USD": "7.1234"},
                                       "unconverted": ["EUR"]}, name
    assert f["funnel"]["totals"]["won_amount"] == f"{want}"
    # The EUR deal is left out of the average too.
    assert f["funnel"]["totals"]["avg_deal_size"] == f"{(want / 2).quantize(Decimal('0.01'))}"
    assert f["forecast"]["won_amount"] == f"{want}"
    assert f["forecast"]["pipeline_amount"] == f"{converted('10.01', '7.1234')}"  # 71.31
    assert f["revenue"]["total"]["amount"] == f"{want}"
    won = next(r for r in f["report"]["rows"] if r["status"] == "won")
    assert won["sum_amount"] == f"{want}"
    me = next(u for u in f["targets"]["users"] if u["user_id"] == books.user["id"])
    assert me["actual"] == f"{want}"
    # The funnel's stage amounts convert too: the open USD deal entered "initial".
    initial = next(s for s in f["funnel"]["stages"] if s["key"] == "initial")
    assert Decimal(initial["amount"]) == want + converted("10.01", "7.1234")


def test_rates_are_kept_by_administrators_only(tenant: Tenant) -> None:
    admin = tenant.admin
    rep = tenant.user("Rep")
    assert rep.post("exchange_rates", {"currency": "USD", "rate": "7"}).status_code == 403
    rate = admin.create("exchange_rates", currency="USD", rate="7")
    assert rep.get(f"exchange_rates/{rate['id']}").status_code == 200
    r = rep.patch(f"exchange_rates/{rate['id']}", {"rate": "8", "version": rate["version"]})
    assert r.status_code == 403
    r = admin.post("exchange_rates", {"currency": "USD", "rate": "7.2"})
    assert r.status_code == 409 and r.json()["errors"][0]["field"] == "currency"
    admin.locale = "zh-CN"
    r = admin.post("exchange_rates", {"currency": "CNY", "rate": "1"})
    assert r.status_code == 422 and "本位币" in r.json()["errors"][0]["message"]
    for bad in ("0", "-1"):
        r = admin.post("exchange_rates", {"currency": "EUR", "rate": bad})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "rate"
    r = admin.patch(f"exchange_rates/{rate['id']}", {"rate": "7.05", "version": rate["version"]})
    assert r.status_code == 200 and r.json()["rate"] == "7.05"
