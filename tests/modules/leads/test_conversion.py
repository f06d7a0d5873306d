"""Lead conversion per API.md: account + contact (+ opportunity), or into an existing
account; links both ways; twice → 409; not visible → 404; bad input → 422, nothing
half-written."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from salescrm.models import Job
from tests.factories import Api, Tenant


def _lead(api: Api, **fields: Any) -> dict[str, Any]:
    body = {"name": "李雷", "company": "韩梅梅贸易有限公司", "mobile": "13811112222",
            "email": "lilei@example.com", "province": "浙江", "city": "杭州",
            "source": "website", "title": "采购经理", **fields}
    return api.create("leads", **body)


def _count(api: Api, obj: str) -> int:
    return int(api.get(f"{obj}?count=true&limit=1").json()["total"])


def test_convert_creates_account_contact_and_opportunity(admin: Api, sessions: Any) -> None:
    campaign = admin.create("campaigns", name="双十一直播", channel="social")
    lead = _lead(admin, campaign_id=campaign["id"])
    r = admin.post(f"leads/{lead['id']}/convert", {"opportunity": {
        "name": "年度采购", "amount": "120000.00", "close_date": "2027-03-31"}})
    assert r.status_code == 200, r.text
    out = r.json()
    assert set(out) == {"account_id", "contact_id", "opportunity_id"}
    account = admin.get(f"accounts/{out['account_id']}").json()
    assert account["name"] == "韩梅梅贸易有限公司" and account["province"] == "浙江"
    assert account["source"] == "website" and account["owner_id"] == admin.user["id"]
    contact = admin.get(f"contacts/{out['contact_id']}").json()
    assert contact["account_id"] == out["account_id"]
    assert (contact["name"], contact["mobile"], contact["email"], contact["title"]) == (
        "李雷", "13811112222", "lilei@example.com", "采购经理")
    opp = admin.get(f"opportunities/{out['opportunity_id']}").json()
    assert opp["account_id"] == out["account_id"] and opp["contact_id"] == out["contact_id"]
    assert opp["amount"] == "120000.00" and opp["close_date"] == "2027-03-31"
    assert opp["stage"] == "initial" and opp["status"] == "open"
    assert opp.get("campaign_id") == campaign["id"]
    converted = admin.get(f"leads/{lead['id']}").json()
    assert converted["status"] == "converted" and converted["converted_at"]
    assert (converted["converted_account_id"], converted["converted_contact_id"],
            converted["converted_opportunity_id"]) == (
        out["account_id"], out["contact_id"], out["opportunity_id"])
    # The other direction: the account's leads.
    back = admin.get(f"leads?converted_account_id={out['account_id']}").json()["items"]
    assert [i["id"] for i in back] == [lead["id"]]
    with sessions() as s:
        s.info["tenant_id"] = None
        events = [j.payload for j in s.scalars(select(Job).where(Job.kind == "event"))
                  if j.payload.get("type") == "leads.converted"
                  and j.payload["data"]["id"] == lead["id"]]
    assert events and events[0]["data"]["opportunity_id"] == out["opportunity_id"]


def test_convert_without_opportunity_and_without_company(admin: Api) -> None:
    lead = admin.create("leads", name="个人客户张三")
    r = admin.post(f"leads/{lead['id']}/convert")
    assert r.status_code == 200, r.text
    assert r.json()["opportunity_id"] is None
    assert admin.get(f"accounts/{r.json()['account_id']}").json()["name"] == "个人客户张三"


def test_converting_twice_is_409(admin: Api) -> None:
    lead = _lead(admin)
    first = admin.post(f"leads/{lead['id']}/convert", {})
    assert first.status_code == 200
    again = admin.post(f"leads/{lead['id']}/convert", {})
    assert again.status_code == 409 and again.json()["account_id"] == first.json()["account_id"]
    assert _count(admin, "accounts") == 1


def test_convert_into_an_existing_account(admin: Api) -> None:
    account = admin.create("accounts", name="韩梅梅贸易有限公司")
    lead = _lead(admin)
    # Without account_id the new account would duplicate: 409 with the match to pick.
    dup = admin.post(f"leads/{lead['id']}/convert", {})
    assert dup.status_code == 409 and dup.json()["errors"][0]["id"] == account["id"]
    r = admin.post(f"leads/{lead['id']}/convert", {"account_id": account["id"]})
    assert r.status_code == 200 and r.json()["account_id"] == account["id"]
    assert _count(admin, "accounts") == 1
    contact = admin.get(f"contacts/{r.json()['contact_id']}").json()
    assert contact["account_id"] == account["id"]


def test_convert_with_an_existing_contact(admin: Api) -> None:
    account = admin.create("accounts", name="老客户")
    contact = admin.create("contacts", name="李雷", mobile="13811112222",
                           account_id=account["id"])
    lead = _lead(admin)
    r = admin.post(f"leads/{lead['id']}/convert", {"account_id": account["id"],
                                                   "contact_id": contact["id"]})
    assert r.status_code == 200 and r.json()["contact_id"] == contact["id"]
    assert _count(admin, "contacts") == 1


def test_lead_not_visible_is_404(tenants: Any) -> None:
    a, b = tenants.new(), tenants.new()
    lead = _lead(a.admin)
    assert b.admin.post(f"leads/{lead['id']}/convert", {}).status_code == 404
    rep = a.user("Rep")
    assert rep.post(f"leads/{lead['id']}/convert", {}).status_code == 404
    assert a.admin.get(f"leads/{lead['id']}").json()["status"] == "new"


def test_a_rep_converts_a_pool_lead_and_owns_the_result(tenant: Tenant) -> None:
    rep = tenant.user("Rep")
    lead = _lead(tenant.admin, owner_id=None)
    r = rep.post(f"leads/{lead['id']}/convert", {"opportunity": {"amount": "5000"}})
    assert r.status_code == 200, r.text
    out = r.json()
    assert rep.get(f"accounts/{out['account_id']}").json()["owner_id"] == rep.user["id"]
    assert rep.get(f"contacts/{out['contact_id']}").json()["owner_id"] == rep.user["id"]
    opp = rep.get(f"opportunities/{out['opportunity_id']}").json()
    assert opp["owner_id"] == rep.user["id"] and opp["name"] == "韩梅梅贸易有限公司"
    assert rep.get(f"leads/{lead['id']}").json()["owner_id"] == rep.user["id"]


def test_bad_input_is_422_naming_the_field_and_writes_nothing(tenant: Tenant) -> None:
    admin = tenant.admin
    lead = _lead(admin)
    other_rep = tenant.user("Other")
    hidden = other_rep.create("accounts", name="别人的客户")
    rep = tenant.user("Rep")
    mine = _lead(rep, name="韩梅梅", mobile="13900000000", email="hmm@example.com",
                 company="另一家公司")
    cases = [
        (admin, lead, {"opportunity": {"amount": "abc"}}, "opportunity.amount"),
        (admin, lead, {"opportunity": {"amount": "100", "close_date": "31/03/2027"}},
         "opportunity.close_date"),
        (admin, lead, {"opportunity": {"amount": "100", "stage": "nope"}}, "opportunity.stage"),
        (admin, lead, {"opportunity": "big deal"}, "opportunity"),
        (admin, lead, {"account_id": "no-such-account"}, "account_id"),
        (admin, lead, {"account_id": 42}, "account_id"),
        (admin, lead, {"acount_id": "typo"}, "acount_id"),
        (rep, mine, {"account_id": hidden["id"]}, "account_id"),
    ]
    for api, target, body, field in cases:
        r = api.post(f"leads/{target['id']}/convert", body)
        assert r.status_code == 422, (body, r.text)
        assert field in [e["field"] for e in r.json()["errors"]], (body, r.text)
    assert admin.post(f"leads/{lead['id']}/convert", [1]).status_code == 422
    assert admin.client.post(f"/api/v1/leads/{lead['id']}/convert", content=b"{not json",
                             headers={**admin.headers, "content-type": "application/json"}
                             ).status_code == 400
    # Nothing half-written: the leads are untouched, no account/contact/opportunity exists.
    assert admin.get(f"leads/{lead['id']}").json()["status"] == "new"
    assert _count(admin, "accounts") == 1  # only the other rep's account
    assert _count(admin, "contacts") == 0 and _count(admin, "opportunities") == 0


def test_status_converted_only_through_the_action(admin: Api) -> None:
    lead = _lead(admin)
    r = admin.patch(f"leads/{lead['id']}", {"status": "converted", "version": 1})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "status"
    assert admin.post("leads", {"name": "x", "status": "converted"}).status_code == 422
    admin.post(f"leads/{lead['id']}/convert", {})
    back = admin.patch(f"leads/{lead['id']}", {"status": "new", "version": 2})
    assert back.status_code == 422
    assert admin.post(f"leads/{lead['id']}/release").status_code == 403
