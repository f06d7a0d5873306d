"""Custom objects titled by one of their own text fields or by an auto-number, never
by a ``name`` the administrator did not define (issue 18): the records contract of
API.md works on them, and lists, search, lookups, exports and imports show the title."""

from __future__ import annotations

import csv
import io
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.factories import Api, Tenant
from tests.platform.imports.helpers import run_import

EQUIPMENT = {
    "api_name": "equipment",
    "labels": {"en": "Equipment", "zh-CN": "设备"},
    "fields": [
        {"api_name": "serial_no", "type": "text", "required": True,
         "labels": {"en": "Serial no.", "zh-CN": "序列号"}},
        {"api_name": "customer_id", "type": "lookup", "target": "accounts",
         "labels": {"en": "Customer", "zh-CN": "客户"}},
        {"api_name": "installed_on", "type": "date", "label": "Installed on"},
        {"api_name": "capacity", "type": "number", "label": "Capacity"},
    ],
}


def define(api: Api, body: dict[str, Any]) -> dict[str, Any]:
    r = api.post("meta/objects", body)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def errors_of(r: Any) -> dict[str, str]:
    return {e["field"]: e.get("code", "") for e in r.json()["errors"]}


def csv_rows(api: Api, path: str) -> list[dict[str, str]]:
    r = api.get(path)
    assert r.status_code == 200, r.text
    return list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))


def test_an_object_without_name_takes_its_records_by_the_contract(admin: Api) -> None:
    meta = define(admin, EQUIPMENT)
    assert meta["name_field"] == "serial_no" and meta["auto_number"] is None
    assert "name" not in {f["api_name"] for f in meta["fields"]}
    acme = admin.create("accounts", name="Acme")
    made = [admin.create("equipment", serial_no=f"SN-{i}", customer_id=acme["id"],
                         installed_on=f"2026-0{i}-15", capacity=str(cap))
            for i, cap in [(1, 7.5), (2, 120), (3, 45)]]
    assert made[0]["serial_no"] == "SN-1" and made[0]["capacity"] in (7.5, "7.5")
    r = admin.post("equipment", {"capacity": "1"})
    assert r.status_code == 422 and errors_of(r) == {"serial_no": "field.required"}

    def serials(query: str) -> list[str]:
        r = admin.get(f"equipment?{query}")
        assert r.status_code == 200, r.text
        return [e["serial_no"] for e in r.json()["items"]]

    assert serials("serial_no=SN-2") == ["SN-2"]
    assert serials("capacity__gte=45&sort=capacity") == ["SN-3", "SN-2"]
    assert serials("capacity__lt=100&sort=-capacity") == ["SN-3", "SN-1"]
    assert serials("sort=capacity") == ["SN-1", "SN-3", "SN-2"]
    assert serials("installed_on__gte=2026-02-01&sort=installed_on") == ["SN-2", "SN-3"]
    assert serials(f"customer_id={acme['id']}&sort=serial_no") == ["SN-1", "SN-2", "SN-3"]
    assert serials("q=sn-3") == ["SN-3"]

    one = made[1]
    r = admin.patch(f"equipment/{one['id']}", {"version": 1, "capacity": "150",
                                               "serial_no": "SN-2B"})
    assert r.status_code == 200 and r.json()["version"] == 2, r.text
    assert serials("q=SN-2B") == ["SN-2B"]
    audit = admin.get(f"audit?object=equipment&record_id={one['id']}").json()["items"]
    assert [e["action"] for e in audit] == ["update", "create"]
    assert audit[0]["changes"]["serial_no"] == ["SN-2", "SN-2B"]
    r = admin.patch(f"equipment/{one['id']}", {"version": 2, "serial_no": ""})
    assert r.status_code == 422 and errors_of(r) == {"serial_no": "field.required"}

    admin.locale = "en"
    exported = csv_rows(admin, "equipment/export?sort=serial_no")
    assert [(e["Serial no."], e["Customer (name)"]) for e in exported] == [
        ("SN-1", "Acme"), ("SN-2B", "Acme"), ("SN-3", "Acme")]


def test_the_title_shows_in_lookups_exports_and_imports_of_other_records(
        admin: Api, worker: Any) -> None:
    define(admin, EQUIPMENT)
    pump = admin.create("equipment", serial_no="PUMP-7")
    r = admin.post("meta/objects/tasks/fields", {"api_name": "equipment_id", "type": "lookup",
                                                 "target": "equipment", "label": "Equipment"})
    assert r.status_code == 201, r.text
    admin.create("tasks", title="Service the pump", equipment_id=pump["id"])
    admin.locale = "en"
    [task] = csv_rows(admin, "tasks/export")
    assert (task["Equipment"], task["Equipment (name)"]) == (pump["id"], "PUMP-7")
    # An import names the related record by its title, as the export wrote it.
    status = run_import(admin, worker, "tasks", b"Title,Equipment\nCheck seals,PUMP-7\n",
                        mapping='{"Title": "title", "Equipment": "equipment_id"}')
    assert (status["created"], status["failed"]) == (1, 0), status
    [checked] = admin.get("tasks?title=Check seals").json()["items"]
    assert checked["equipment_id"] == pump["id"]
    # A report grouped by the lookup names the group by the title.
    r = admin.post("reports/run", {"object": "tasks", "group_by": ["equipment_id"],
                                   "measures": [{"field": "id", "agg": "count"}]})
    assert r.status_code == 200, r.text
    assert "PUMP-7" in r.text


def test_imports_into_an_object_without_name(admin: Api, worker: Any) -> None:
    define(admin, EQUIPMENT)
    admin.create("accounts", name="Acme")
    content = (b"Serial,Customer,Installed,Capacity\n"
               b"SN-10,Acme,2026-03-01,12.5\n"
               b",Acme,2026-03-02,3\n")
    status = run_import(admin, worker, "equipment", content, mapping=(
        '{"Serial": "serial_no", "Customer": "customer_id", "Installed": "installed_on",'
        ' "Capacity": "capacity"}'))
    assert (status["created"], status["failed"]) == (1, 1), status
    assert status["errors"][0]["field"] == "serial_no"
    [item] = admin.get("equipment?q=SN-10").json()["items"]
    assert item["installed_on"] == "2026-03-01"


AUTO = {"api_name": "service_orders", "label": "Service orders",
        "title": {"auto_number": "EQ-{YYYY}-{0000}"},
        "fields": [{"api_name": "notes", "type": "text", "label": "Notes"},
                   {"api_name": "hours", "type": "number", "label": "Hours"}]}


def test_an_auto_number_titles_each_new_record(tenants: Any) -> None:
    a: Tenant = tenants.new()
    b: Tenant = tenants.new()
    meta = define(a.admin, AUTO)
    assert (meta["name_field"], meta["auto_number"]) == ("number", "EQ-{YYYY}-{0000}")
    number = next(f for f in meta["fields"] if f["api_name"] == "number")
    assert number["readonly"] is True and number["required"] is False
    year = datetime.now(UTC).year
    first = a.admin.create("service_orders", notes="first", hours="2")
    second = a.admin.create("service_orders")
    assert (first["number"], second["number"]) == (f"EQ-{year}-0001", f"EQ-{year}-0002")
    r = a.admin.post("service_orders", {"number": "EQ-1"})
    assert r.status_code == 422 and errors_of(r) == {"number": "field.readonly"}
    r = a.admin.post("service_orders", {"hours": "many"})
    assert r.status_code == 422
    assert a.admin.create("service_orders")["number"] == f"EQ-{year}-0003", \
        "a refused create gives no number away"
    r = a.admin.patch(f"service_orders/{first['id']}", {"version": 1, "number": "X"})
    assert r.status_code == 422 and errors_of(r) == {"number": "field.readonly"}
    found = a.admin.get(f"service_orders?q=EQ-{year}-0002").json()["items"]
    assert [f["id"] for f in found] == [second["id"]]
    assert [f["number"] for f in a.admin.get("service_orders?sort=number").json()["items"]] \
        == [f"EQ-{year}-000{i}" for i in (1, 2, 3)]
    define(b.admin, AUTO)  # each tenant counts its own records
    assert b.admin.create("service_orders")["number"] == f"EQ-{year}-0001"


def test_auto_numbered_imports_and_exports(admin: Api, worker: Any) -> None:
    define(admin, {**AUTO, "title": {"auto_number": "SO{YY}{MM}{DD}-{000}", "field": "so_no"}})
    admin.create("service_orders", notes="by hand")
    status = run_import(admin, worker, "service_orders", b"Notes,Hours\nrow one,1\nrow two,2\n",
                        mapping='{"Notes": "notes", "Hours": "hours"}')
    assert (status["created"], status["failed"]) == (2, 0), status
    day = datetime.now(UTC).strftime("%y%m%d")
    admin.locale = "en"
    rows = csv_rows(admin, "service_orders/export?sort=so_no")
    assert [(r["Number"], r["Notes"]) for r in rows] == [
        (f"SO{day}-001", "by hand"), (f"SO{day}-002", "row one"), (f"SO{day}-003", "row two")]


def test_concurrent_creates_never_share_a_number(admin: Api) -> None:
    """Eight clients at once (on PostgreSQL truly concurrent transactions)."""
    define(admin, AUTO)

    def create(_: int) -> str:
        r = admin.post("service_orders", {"notes": "parallel"})
        assert r.status_code == 201, r.text
        return str(r.json()["number"])

    with ThreadPoolExecutor(max_workers=8) as pool:
        numbers = list(pool.map(create, range(40)))
    year = datetime.now(UTC).year
    assert sorted(numbers) == [f"EQ-{year}-{i:04d}" for i in range(1, 41)]


def test_the_title_field_stays_and_stays_required(admin: Api) -> None:
    define(admin, EQUIPMENT)
    r = admin.delete("meta/objects/equipment/fields/serial_no")
    assert r.status_code == 422 and errors_of(r) == {"api_name": "custom.title_kept"}
    r = admin.patch("meta/objects/equipment/fields/serial_no", {"required": False})
    assert r.status_code == 422 and errors_of(r) == {"required": "custom.title_kept"}
    assert admin.delete("meta/objects/equipment/fields/capacity").status_code == 204


def test_a_chosen_title_field_and_the_defaults(admin: Api) -> None:
    meta = define(admin, {"api_name": "sites", "label": "Sites", "title": {"field": "code"},
                          "fields": [{"api_name": "city", "type": "text", "label": "City",
                                      "required": True},
                                     {"api_name": "code", "type": "text", "label": "Code"}]})
    code = next(f for f in meta["fields"] if f["api_name"] == "code")
    assert meta["name_field"] == "code" and code["required"] is True
    # No text field to title a record by: numbered, in a field of its own.
    meta = define(admin, {"api_name": "readings", "label": "Readings",
                          "fields": [{"api_name": "number", "type": "integer",
                                      "label": "Value"}]})
    assert (meta["name_field"], meta["auto_number"]) == ("record_number", "{0000}")
    assert admin.create("readings", number=5)["record_number"] == "0001"
    # A `name` is there when asked for, like any other field.
    meta = define(admin, {"api_name": "rooms", "label": "Rooms", "fields": [
        {"api_name": "name", "type": "text", "label": "Name", "required": True}]})
    assert meta["name_field"] == "name"
    assert admin.create("rooms", name="A-101")["name"] == "A-101"


@pytest.mark.parametrize("title, field, code", [
    ({"field": "nowhere"}, "title.field", "custom.title_field"),
    ({"field": "capacity"}, "title.field", "custom.title_field"),
    ({"auto_number": "EQ-{YYYY}"}, "title.auto_number", "custom.auto_number_format"),
    ({"auto_number": "{0000}-{0}"}, "title.auto_number", "custom.auto_number_format"),
    ({"auto_number": "{HH}{000}"}, "title.auto_number", "custom.auto_number_format"),
    ({"auto_number": "{000}", "field": "capacity"}, "title.field", "custom.title_field"),
    ({"serial": "x"}, "title", "custom.title_field"),
    ({"field": ["serial_no"]}, "title.field", "custom.title_field"),
    ({"field": {"a": 1}, "auto_number": "{0}"}, "title.field", "custom.title_field"),
    ("serial_no", "title", "custom.title_field"),
])
def test_bad_titles_are_422_and_nothing_is_saved(admin: Api, title: Any, field: str,
                                                 code: str) -> None:
    before = admin.get("meta/objects").json()
    r = admin.post("meta/objects", {**EQUIPMENT, "title": title})
    assert r.status_code == 422, r.text
    assert errors_of(r).get(field) == code, r.json()
    assert admin.get("meta/objects").json() == before


def test_objects_made_before_titles_keep_their_name(tenant: Tenant, sessions: Any) -> None:
    """Stored the way custom objects were before titles could be chosen: no title in
    the definition and a `name` field of their own."""
    from salescrm.models import CustomField, CustomObject
    from salescrm.models import Tenant as TenantRow

    with sessions() as s:
        s.info["tenant_id"] = tenant.id
        s.add(CustomObject(api_name="projects", definition={
            "labels": {"en": "Projects", "zh-CN": "项目"}, "label": "Projects"}))
        s.add(CustomField(object="projects", api_name="name", definition={
            "type": "text", "required": True, "max_length": 200,
            "labels": {"en": "Name", "zh-CN": "名称"}, "label": "Name"}))
        s.get(TenantRow, tenant.id).metadata_version += 1
        s.commit()
    admin = tenant.admin
    assert admin.get("meta/objects/projects").json()["name_field"] == "name"
    p = admin.create("projects", name="ERP rollout")
    assert [i["id"] for i in admin.get("projects?q=rollout").json()["items"]] == [p["id"]]
    r = admin.post("projects", {})
    assert r.status_code == 422 and errors_of(r) == {"name": "field.required"}


def test_the_title_moves_to_another_text_field(admin: Api) -> None:
    define(admin, {**EQUIPMENT, "fields": [*EQUIPMENT["fields"], {
        "api_name": "asset_tag", "type": "text", "label": "Asset tag"}]})
    pump = admin.create("equipment", serial_no="PUMP-7", asset_tag="A-100")
    admin.create("equipment", serial_no="PUMP-8")
    r = admin.post("meta/objects/tasks/fields", {"api_name": "equipment_id", "type": "lookup",
                                                 "target": "equipment", "label": "Equipment"})
    assert r.status_code == 201, r.text
    admin.create("tasks", title="Service", equipment_id=pump["id"])
    r = admin.patch("meta/objects/equipment", {"title": {"field": "asset_tag"}})
    assert r.status_code == 200, r.text
    assert r.json()["name_field"] == "asset_tag" and r.json()["label"] == "Equipment"
    tag = next(f for f in r.json()["fields"] if f["api_name"] == "asset_tag")
    assert tag["required"] is True
    admin.locale = "en"
    [task] = csv_rows(admin, "tasks/export")
    assert task["Equipment (name)"] == "A-100", "the stored titles follow the new field"
    r = admin.post("equipment", {"serial_no": "PUMP-9"})
    assert r.status_code == 422 and errors_of(r) == {"asset_tag": "field.required"}
    assert admin.delete("meta/objects/equipment/fields/serial_no").status_code == 204
    for title, code in [({"field": "capacity"}, "custom.title_field"),
                        ({"field": "serial_no"}, "custom.title_field"),
                        ({"auto_number": "EQ-{0000}"}, "custom.auto_number_later")]:
        r = admin.patch("meta/objects/equipment", {"title": title})
        assert r.status_code == 422 and set(errors_of(r).values()) == {code}, r.text
    audit = admin.get("audit?object=custom_objects").json()["items"]
    assert any(e["changes"].get("name_field") == ["serial_no", "asset_tag"] for e in audit)


def test_an_auto_number_format_changes_for_new_records(admin: Api) -> None:
    define(admin, AUTO)
    year = datetime.now(UTC).year
    assert admin.create("service_orders")["number"] == f"EQ-{year}-0001"
    r = admin.patch("meta/objects/service_orders", {"title": {"auto_number": "SO-{00000}"}})
    assert r.status_code == 200 and r.json()["auto_number"] == "SO-{00000}", r.text
    assert admin.create("service_orders")["number"] == "SO-00002"
    r = admin.patch("meta/objects/service_orders", {"title": {"auto_number": "SO"}})
    assert r.status_code == 422
    assert errors_of(r) == {"title.auto_number": "custom.auto_number_format"}


def test_a_field_named_by_something_else_than_text_is_422(admin: Api) -> None:
    r = admin.post("meta/objects", {"api_name": "odd", "label": "Odd", "fields": [
        {"api_name": ["x"], "type": "text", "label": "X", "required": True}]})
    assert r.status_code == 422 and errors_of(r) == {"fields[0].api_name":
                                                     "custom.api_name_format"}, r.text


def test_approvals_and_notifications_name_the_record_by_its_title(tenant: Tenant) -> None:
    admin = tenant.admin
    define(admin, EQUIPMENT)
    approver = tenant.user("Approver")
    r = admin.post("approval_flows", {"name": "Installs", "object": "equipment",
                                      "condition": None, "steps": [{"approver": {
                                          "type": "user", "value": approver.user["id"]}}]})
    assert r.status_code == 201, r.text
    unit = admin.create("equipment", serial_no="SN-77")
    approval = admin.post(f"equipment/{unit['id']}/submit").json()
    assert approver.get(f"approvals/{approval['id']}").json()["record_name"] == "SN-77"
    notes = approver.get("notifications").json()["items"]
    assert any("SN-77" in n["title"] for n in notes), notes
    timeline = admin.get(f"equipment/{unit['id']}/timeline").json()["items"]
    assert {i["kind"] for i in timeline} >= {"change", "approval"}
