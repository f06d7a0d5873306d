"""Campaigns: channel, budget and cost as Decimal strings, dates; shared company-wide so
any rep can tag leads with them; lead counts per campaign."""

from __future__ import annotations

from tests.factories import Api, Tenant


def test_create_read_and_money_is_decimal_text(admin: Api) -> None:
    c = admin.create("campaigns", name="2026 上海车展", channel="exhibition",
                     budget="150000.50", actual_cost=98000, start_date="2026-04-20",
                     end_date="2026-04-29", status="active")
    assert c["budget"] == "150000.50" and c["actual_cost"] == "98000.00"
    assert c["currency"] == "CNY" and c["owner_id"] == admin.user["id"]
    assert (c["start_date"], c["end_date"], c["status"]) == ("2026-04-20", "2026-04-29", "active")
    again = admin.get(f"campaigns/{c['id']}").json()
    assert again["budget"] == "150000.50" and again["lead_count"] == 0
    listed = admin.get("campaigns?channel=exhibition&budget__gte=100000").json()["items"]
    assert [i["id"] for i in listed] == [c["id"]]


def test_bad_input_names_the_field(admin: Api) -> None:
    cases = [
        ({"name": "x", "channel": "billboard"}, "channel"),
        ({"name": "x", "budget": "-1"}, "budget"),
        ({"name": "x", "budget": "1.234"}, "budget"),
        ({"name": "x", "actual_cost": 1.5e30}, "actual_cost"),
        ({"name": "x", "start_date": "2026/01/01"}, "start_date"),
        ({"name": "x", "start_date": "2026-05-01", "end_date": "2026-04-01"}, "end_date"),
        ({"name": "x", "currency": "RMB1"}, "currency"),
        ({"channel": "email"}, "name"),
    ]
    for body, field in cases:
        r = admin.post("campaigns", body)
        assert r.status_code == 422, (body, r.text)
        assert field in [e["field"] for e in r.json()["errors"]], (body, r.text)
    c = admin.create("campaigns", name="邮件营销", start_date="2026-05-01")
    r = admin.patch(f"campaigns/{c['id']}", {"end_date": "2026-04-01", "version": 1})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "end_date"
    ok = admin.patch(f"campaigns/{c['id']}", {"currency": "usd", "version": 1})
    assert ok.status_code == 200 and ok.json()["currency"] == "USD"
    assert admin.get("campaigns?count=true").json()["total"] == 1


def test_campaigns_are_shared_so_reps_can_tag_leads(tenant: Tenant) -> None:
    # Campaigns are company-wide reference data: a role grants changing them (issue 11).
    tenant.admin.create("roles", key="marketing", name="Marketing", data_scope="own",
                        permissions={"campaigns": ["read", "create", "update"]})
    marketer = tenant.user("Marketer", roles=["sales_rep", "marketing"])
    rep = tenant.user("Rep")
    campaign = marketer.create("campaigns", name="百度推广", channel="search", budget="20000")
    assert rep.get(f"campaigns/{campaign['id']}").status_code == 200
    lead = rep.create("leads", name="搜索来的客户", campaign_id=campaign["id"],
                      utm_source="baidu", utm_medium="cpc", utm_campaign="brand-2026")
    assert (lead["campaign_id"], lead["utm_source"], lead["utm_medium"],
            lead["utm_campaign"]) == (campaign["id"], "baidu", "cpc", "brand-2026")
    rep.create("leads", name="另一个", campaign_id=campaign["id"])
    rep.post(f"leads/{lead['id']}/convert", {})
    counts = marketer.get(f"campaigns/{campaign['id']}").json()
    assert counts["lead_count"] == 2 and counts["converted_lead_count"] == 1
    by_campaign = rep.get(f"leads?campaign_id={campaign['id']}&count=true").json()
    assert by_campaign["total"] == 2
    bad = rep.post("leads", {"name": "x", "campaign_id": "no-such-campaign"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "campaign_id"


def test_other_tenants_campaigns_cannot_be_linked(tenants) -> None:  # type: ignore[no-untyped-def]
    a, b = tenants.new(), tenants.new()
    campaign = a.admin.create("campaigns", name="A 公司活动")
    assert b.admin.get(f"campaigns/{campaign['id']}").status_code == 404
    r = b.admin.post("leads", {"name": "x", "campaign_id": campaign["id"]})
    assert r.status_code == 422
