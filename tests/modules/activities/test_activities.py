"""Activities (follow-ups, check-in) and the timeline through the REST API."""

from __future__ import annotations

from typing import Any

from tests.factories import Api


def _fields(r: Any) -> set[str]:
    return {e["field"] for e in r.json()["errors"]}


def test_checkin_on_an_account_with_location(admin: Api) -> None:
    acct = admin.create("accounts?allow_duplicate=true", name="广州白云机场物流")
    act = admin.create("activities", kind="checkin", related_type="accounts",
                       related_id=acct["id"], latitude="23.392436", longitude="113.298786",
                       address="广州市白云区机场路", content="现场拜访采购部")
    assert act["account_id"] == acct["id"]
    assert act["latitude"] == "23.392436" and act["longitude"] == "113.298786"
    assert act["occurred_at"] and act["owner_id"] == admin.user["id"]
    got = admin.get(f"accounts/{acct['id']}").json()
    assert got["last_activity_at"] == act["occurred_at"]


def test_bad_activity_input_is_422_naming_the_field(admin: Api) -> None:
    acct = admin.create("accounts?allow_duplicate=true", name="A")
    base = {"related_type": "accounts", "related_id": acct["id"]}
    cases = [
        ({"kind": "checkin", "latitude": "91", "longitude": "10", **base}, "latitude"),
        ({"kind": "checkin", "latitude": "10", "longitude": "-180.5", **base}, "longitude"),
        ({"kind": "checkin", **base}, "latitude"),
        ({"kind": "dance", **base}, "kind"),
        ({**base}, "kind"),
        ({"kind": "call", "occurred_at": "2026-13-01", **base}, "occurred_at"),
        ({"kind": "call", "related_type": "accounts"}, "related_id"),
        ({"kind": "call", "related_type": "spaceships", "related_id": "x"}, "related_type"),
        ({"kind": "call", "related_type": "accounts", "related_id": "nope"}, "related_id"),
    ]
    for body, field in cases:
        r = admin.post("activities", body)
        assert r.status_code == 422, (body, r.text)
        assert field in _fields(r), (body, r.json())
    assert admin.get("activities").json()["items"] == []


def test_activity_on_a_record_outside_scope_is_refused(tenant: Any) -> None:
    a, b = tenant.user("RepA"), tenant.user("RepB")
    acct = a.create("accounts?allow_duplicate=true", name="A的客户")
    r = b.post("activities", {"kind": "call", "related_type": "accounts",
                              "related_id": acct["id"]})
    assert r.status_code == 422 and "related_id" in _fields(r)


def test_activity_on_a_contact_reaches_the_account_and_the_timeline(admin: Api) -> None:
    acct = admin.create("accounts?allow_duplicate=true", name="厦门海沧化工")
    contact = admin.create("contacts", name="林芳", account_id=acct["id"])
    act = admin.create("activities", kind="meeting", related_type="contacts",
                       related_id=contact["id"], occurred_at="2026-11-26T09:30:00+08:00")
    assert act["account_id"] == acct["id"]
    # A later edit changes the time; the account keeps the newest follow-up time.
    timeline = admin.get(f"contacts/{contact['id']}/timeline").json()["items"]
    kinds = [i["kind"] for i in timeline]
    assert "activity" in kinds and "change" in kinds
    item = next(i for i in timeline if i["kind"] == "activity")
    assert item["activity"]["id"] == act["id"] and item["at"] == act["occurred_at"]
    account_timeline = admin.get(f"accounts/{acct['id']}/timeline").json()["items"]
    assert any(i["kind"] == "activity" and i["id"] == act["id"] for i in account_timeline)
    assert admin.get(f"accounts/{acct['id']}").json()["last_activity_at"] == act["occurred_at"]


def test_older_activity_does_not_move_last_activity_back(admin: Api) -> None:
    acct = admin.create("accounts?allow_duplicate=true", name="B")
    new = admin.create("activities", kind="call", related_type="accounts", related_id=acct["id"],
                       occurred_at="2026-11-26T09:30:00+00:00")
    admin.create("activities", kind="call", related_type="accounts", related_id=acct["id"],
                 occurred_at="2026-10-01T09:30:00+00:00")
    assert admin.get(f"accounts/{acct['id']}").json()["last_activity_at"] == new["occurred_at"]


def test_activity_on_an_order_and_its_edit(admin: Api) -> None:
    acct = admin.create("accounts?allow_duplicate=true", name="C")
    order = admin.create("orders", account_id=acct["id"])
    act = admin.create("activities", kind="email", related_type="orders", related_id=order["id"],
                       content="发送合同草稿")
    assert act["account_id"] == acct["id"]
    assert admin.get(f"orders/{order['id']}").json()["last_activity_at"] == act["occurred_at"]
    r = admin.patch(f"activities/{act['id']}", {"version": act["version"],
                                                "content": "发送合同终稿"})
    assert r.status_code == 200 and r.json()["content"] == "发送合同终稿"
    r = admin.patch(f"activities/{act['id']}", {"version": r.json()["version"],
                                                "related_id": "missing"})
    assert r.status_code == 422 and "related_id" in _fields(r)


def test_follow_up_on_a_lead_stamps_it(admin: Api) -> None:
    r = admin.post("leads?allow_duplicate=true", {"name": "赵磊", "company": "温州鞋业"})
    assert r.status_code == 201, r.text
    lead = r.json()
    act = admin.create("activities", kind="call", related_type="leads", related_id=lead["id"])
    assert act["account_id"] is None
    assert admin.get(f"leads/{lead['id']}").json()["last_activity_at"] == act["occurred_at"]
