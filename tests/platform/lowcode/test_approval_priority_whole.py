"""A flow's priority written as a whole-number float (436.0) is the integer 436."""

from tests.factories import Api


def test_whole_number_float_priority_is_accepted(admin: Api) -> None:
    r = admin.post("approval_flows", {"name": "大额订单", "object": "orders",
                                      "priority": 436.0, "condition": None,
                                      "steps": [{"approver": {"type": "manager"}}]})
    assert r.status_code == 201, r.text
    assert r.json()["priority"] == 436
    bad = admin.post("approval_flows", {"name": "x", "object": "orders", "priority": 1.5,
                                        "steps": [{"approver": {"type": "manager"}}]})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "priority"
