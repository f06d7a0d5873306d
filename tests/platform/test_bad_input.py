"""Bad input answers a clear, localized 4xx problem+json and writes nothing."""

from __future__ import annotations

import pytest

from tests.factories import Api


def _problem(r, status: int) -> dict:  # type: ignore[no-untyped-def]
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert {"type", "title", "status", "detail", "errors", "code"} <= set(body)
    return body  # type: ignore[no-any-return]


def test_malformed_json_is_400(admin: Api) -> None:
    r = admin.client.post("/api/v1/accounts", content=b"{not json",
                          headers={**admin.headers, "Content-Type": "application/json"})
    _problem(r, 400)
    assert admin.get("accounts?count=true").json()["total"] == 0


def test_body_must_be_an_object(admin: Api) -> None:
    _problem(admin.post("accounts", ["a list"]), 422)


@pytest.mark.parametrize("body,field", [
    ({"name": 123}, "name"),
    ({"name": "x" * 201}, "name"),
    ({"name": "ok", "bogus": 1}, "bogus"),
    ({"name": "ok", "level": "Z"}, "level"),
    ({"name": "ok", "website": "not a url"}, "website"),
    ({"name": "ok", "id": "forged"}, "id"),
    ({"name": "   "}, "name"),
    ({}, "name"),
])
def test_invalid_fields_name_the_field(admin: Api, body: dict, field: str) -> None:
    problem = _problem(admin.post("accounts", body), 422)
    assert field in {e["field"] for e in problem["errors"]}
    assert admin.get("accounts?count=true").json()["total"] == 0


def test_errors_are_localized(admin: Api) -> None:
    admin.locale = "zh-CN"
    zh = _problem(admin.post("accounts", {}), 422)
    admin.locale = "en"
    en = _problem(admin.post("accounts", {}), 422)
    assert zh["errors"][0]["message"] == "此字段必填。"
    assert en["errors"][0]["message"] == "This field is required."
    assert zh["title"] == "数据校验失败" and en["title"] == "Invalid data"


@pytest.mark.parametrize("query,status", [
    ("cursor=%%%garbage", 400),
    ("cursor=WyJ4Il0", 400),
    ("limit=0", 422), ("limit=501", 422), ("limit=abc", 422),
    ("sort=nonexistent", 422),
    ("name__regex=x", 422),
    ("unknown_field=1", 422),
    ("created_at__gte=yesterday", 422),
    ("level__gt=A&city__contains=", 200),
    ("count=maybe", 422),
])
def test_bad_list_parameters(admin: Api, query: str, status: int) -> None:
    r = admin.get(f"accounts?{query}")
    assert r.status_code == status, r.text


def test_unknown_object_and_route_are_404_problems(admin: Api) -> None:
    _problem(admin.get("no_such_object"), 404)
    _problem(admin.get("accounts/does-not-exist"), 404)
    _problem(admin.client.get("/api/v2/whatever"), 404)
    _problem(admin.post("no_such_object", {"name": "x"}), 404)


def test_wrong_method_is_405_problem(admin: Api) -> None:
    r = admin.client.put("/api/v1/me", headers=admin.headers)
    _problem(r, 405)


def test_every_page_limit_is_checked_the_same_way(admin: Api) -> None:
    """Lists outside the record layer (audit, approvals, comments, notifications, the
    360° view) take ``limit`` through one check: out of range or not a number → 422."""
    account = admin.create("accounts", name="分页客户")
    paths = ["audit", "approvals", f"accounts/{account['id']}/comments", "notifications",
             f"accounts/{account['id']}/overview"]
    for path in paths:
        for bad in ("0", "100000", "ten"):
            body = _problem(admin.get(path, params={"limit": bad}), 422)
            assert body["errors"][0]["field"] == "limit", (path, bad)
        assert admin.get(path, params={"limit": "5"}).status_code == 200, path


@pytest.mark.parametrize("sort", ["-created_at", "name", "-updated_at", "version"])
@pytest.mark.parametrize("value", [None, "NaN", {"a": 1}, [1], "yesterday", True])
def test_forged_cursors_are_400_not_500(admin: Api, sort: str, value: object) -> None:
    """A cursor whose JSON decodes but was never issued (``[null, "x"]`` on a NOT NULL
    sort, a NaN, an object) is 400 ``query.bad_cursor``, whatever the sort."""
    import base64

    import orjson

    admin.create("accounts", name="游标客户")
    token = base64.urlsafe_b64encode(orjson.dumps([value, "x"])).decode().rstrip("=")
    r = admin.get("accounts", params={"sort": sort, "cursor": token})
    if r.status_code == 200:  # a position the (nullable) name column can hold
        assert sort == "name" and (value is None or isinstance(value, str)), r.text
        return
    assert _problem(r, 400)["errors"][0]["code"] == "query.bad_cursor", (sort, value, r.text)


def test_forged_cursor_on_a_money_sort_is_400(admin: Api) -> None:
    import base64

    for value in ("NaN", "Infinity", "abc", None):
        token = base64.urlsafe_b64encode(f'["{value}","x"]'.encode() if value else
                                         b'[null,"x"]').decode().rstrip("=")
        r = admin.get("opportunities", params={"sort": "-amount", "cursor": token})
        assert r.status_code in (200, 400), r.text  # amount is nullable: null is a position
        if value:
            assert _problem(r, 400)["errors"][0]["code"] == "query.bad_cursor"
