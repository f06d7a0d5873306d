"""Pipelines through the REST API: validation, several per tenant, safe stage changes."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import Api


def _stages(*extra: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"key": "new", "name": "New", "probability": 10, "kind": "open"},
        {"key": "demo", "name": "Demo", "probability": 40, "kind": "open"},
        {"key": "won", "name": "Won", "probability": 100, "kind": "won"},
        {"key": "lost", "name": "Lost", "probability": 0, "kind": "lost"},
        *extra,
    ]


def _fields(r: Any) -> list[str]:
    return [e["field"] for e in r.json()["errors"]]


def test_several_pipelines_and_one_default(admin: Api) -> None:
    first = admin.get("pipelines").json()["items"]
    assert len(first) == 1 and first[0]["is_default"] is True
    renewals = admin.create("pipelines", name="续约 Renewals", stages=_stages())
    assert renewals["is_default"] is False
    assert [s["key"] for s in renewals["stages"]] == ["new", "demo", "won", "lost"]
    # Making it the default takes the flag from the previous default.
    r = admin.patch(f"pipelines/{renewals['id']}", {"version": 1, "is_default": True})
    assert r.status_code == 200, r.text
    defaults = admin.get("pipelines", params={"is_default": "true"}).json()["items"]
    assert [p["id"] for p in defaults] == [renewals["id"]]
    account = admin.create("accounts", name="A")
    opp = admin.create("opportunities", name="O", account_id=account["id"])
    assert (opp["pipeline_id"], opp["stage"]) == (renewals["id"], "new")
    r = admin.patch(f"pipelines/{renewals['id']}", {"version": 2, "is_default": False})
    assert r.status_code == 422 and _fields(r) == ["is_default"]


@pytest.mark.parametrize(("stages", "field"), [
    ([], "stages"),
    ("initial", "stages"),
    (_stages({"key": "x", "name": "X", "probability": 5, "kind": "maybe"}), "stages.4.kind"),
    (_stages({"key": "x", "name": "X", "probability": 101, "kind": "open"}),
     "stages.4.probability"),
    (_stages({"key": "x", "name": "X", "probability": -1, "kind": "open"}),
     "stages.4.probability"),
    (_stages({"key": "x", "name": "X", "probability": "50", "kind": "open"}),
     "stages.4.probability"),
    (_stages({"key": "Has Space", "name": "X", "probability": 5, "kind": "open"}),
     "stages.4.key"),
    (_stages({"key": "x", "name": "", "probability": 5, "kind": "open"}), "stages.4.name"),
    (_stages({"key": "x", "name": "X", "probability": 5, "kind": "open",
              "required_fields": ["no_such_field"]}), "stages.4.required_fields"),
    (_stages({"key": "x", "name": "X", "probability": 5, "kind": "open", "color": "red"}),
     "stages.4.color"),
    (_stages()[:3], "stages"),  # no lost stage
    ([s for s in _stages() if s["kind"] != "won"], "stages"),
])
def test_bad_stages_are_422_naming_the_field(admin: Api, stages: Any, field: str) -> None:
    r = admin.post("pipelines", {"name": "Bad", "stages": stages})
    assert r.status_code == 422, r.text
    assert field in _fields(r)
    assert len(admin.get("pipelines").json()["items"]) == 1


def test_a_stage_key_given_twice_is_a_409_conflict_naming_it(admin: Api) -> None:
    again = _stages({"key": "new", "name": "Again", "probability": 5, "kind": "open"})
    r = admin.post("pipelines", {"name": "Twice", "stages": again})
    assert r.status_code == 409, r.text
    assert _fields(r) == ["stages.4.key"] and "new" in r.json()["detail"]
    # With another mistake in the body it is one 422 naming both.
    r = admin.post("pipelines", {"name": "", "stages": again})
    assert r.status_code == 422 and sorted(_fields(r)) == ["name", "stages.4.key"]
    assert len(admin.get("pipelines").json()["items"]) == 1


def test_missing_stages_and_name_are_reported_together(admin: Api) -> None:
    r = admin.post("pipelines", {})
    assert r.status_code == 422
    assert sorted(_fields(r)) == ["name", "stages"]


def test_changing_stages_in_use_does_not_orphan_opportunities(admin: Api) -> None:
    pipeline = admin.create("pipelines", name="P", stages=_stages())
    account = admin.create("accounts", name="A")
    opp = admin.create("opportunities", name="O", account_id=account["id"],
                       pipeline_id=pipeline["id"], stage="demo")
    without_demo = [s for s in _stages() if s["key"] != "demo"]
    r = admin.patch(f"pipelines/{pipeline['id']}", {"version": 1, "stages": without_demo})
    assert r.status_code == 422
    assert _fields(r) == ["stages"] and "demo" in r.json()["errors"][0]["message"]
    kind_changed = [dict(s, kind="lost") if s["key"] == "demo" else s for s in _stages()]
    r = admin.patch(f"pipelines/{pipeline['id']}", {"version": 1, "stages": kind_changed})
    assert r.status_code == 422 and "demo" in r.json()["errors"][0]["message"]
    # Renaming, reordering, new stages and removing unused ones are fine.
    renamed = [dict(s, name="演示") if s["key"] == "demo" else s for s in _stages()
               if s["key"] != "new"]
    renamed.insert(0, {"key": "contacted", "name": "Contacted", "probability": 20,
                       "kind": "open"})
    r = admin.patch(f"pipelines/{pipeline['id']}", {"version": 1, "stages": renamed})
    assert r.status_code == 200, r.text
    assert [s["key"] for s in r.json()["stages"]] == ["contacted", "demo", "won", "lost"]
    # Deleting a pipeline with deals, or the default one, is refused.
    assert admin.delete(f"pipelines/{pipeline['id']}").status_code == 409
    default = admin.get("pipelines", params={"is_default": "true"}).json()["items"][0]
    assert admin.delete(f"pipelines/{default['id']}").status_code == 409
    admin.delete(f"opportunities/{opp['id']}")
    # A deal in the recycle bin still counts: restoring it must find its stage.
    r = admin.patch(f"pipelines/{pipeline['id']}", {"version": 2, "stages": without_demo})
    assert r.status_code == 422


def test_moving_to_another_pipeline_needs_a_stage_of_it(admin: Api) -> None:
    pipeline = admin.create("pipelines", name="P", stages=_stages())
    account = admin.create("accounts", name="A")
    opp = admin.create("opportunities", name="O", account_id=account["id"], stage="proposal")
    r = admin.patch(f"opportunities/{opp['id']}", {"version": 1, "pipeline_id": pipeline["id"]})
    assert r.status_code == 422 and _fields(r) == ["stage"]
    r = admin.patch(f"opportunities/{opp['id']}", {"version": 1, "pipeline_id": pipeline["id"],
                                                   "stage": "demo"})
    assert r.status_code == 200, r.text
    assert (r.json()["probability"], r.json()["pipeline_id"]) == (40, pipeline["id"])
    history = admin.get(f"opportunities/{opp['id']}/stage_history").json()["items"]
    assert [(h["pipeline_id"] == pipeline["id"], h["stage"]) for h in history] == [
        (False, "proposal"), (True, "demo")]


def test_sales_rep_sees_pipelines(tenant) -> None:  # type: ignore[no-untyped-def]
    rep = tenant.user("Rep", roles=["sales_rep"])
    items = rep.get("pipelines").json()["items"]
    assert len(items) == 1 and items[0]["is_default"] is True


def test_openapi_documents_sales_routes_and_json_shapes(client) -> None:  # type: ignore[no-untyped-def]
    doc = client.get("/api/openapi.json").json()
    for path in ("/api/v1/pipelines", "/api/v1/opportunities/kanban",
                 "/api/v1/opportunities/{record_id}/stage_history", "/api/v1/products",
                 "/api/v1/price_books", "/api/v1/price_book_entries", "/api/v1/quotes",
                 "/api/v1/quotes/{record_id}/convert_to_order"):
        assert path in doc["paths"], path
    schemas = doc["components"]["schemas"]
    stages = schemas["pipelines_create"]["properties"]["stages"]
    assert stages["type"] == "array"
    assert stages["items"]["properties"]["kind"]["enum"] == ["open", "won", "lost"]
    lines = schemas["quotes_create"]["properties"]["lines"]["anyOf"][0]
    assert set(lines["items"]["properties"]) >= {"product_id", "quantity", "unit_price",
                                                 "discount"}
