"""Field levels everywhere, for EVERY object in the metadata registry and a custom one.

For each object a role hides fields (custom text and money fields, every searchable
built-in text field, every built-in money field) and masks another; the user with that
role reads every record (data scope all). The hidden values must never reach them and
the masked value only masked — in get, list, search (q), audit, timeline, export,
notifications, the 360° view and every analytics figure (funnel, kanban, forecast,
standard reports, targets, report builder measures). Objects are read from the
registry at collection time, so an object a module adds joins without test code
(issue 11, points 2 and 3; OWASP API3, property-level authorization).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from salescrm.app import load_modules
from salescrm.modules.analytics.dashboards import DEFAULTS
from salescrm.modules.analytics.standard import REPORTS
from salescrm.platform.metadata import builtin_objects
from salescrm.platform.permissions import mask
from tests.factories import Api, Tenant
from tests.samples import sample_payload

load_modules()
CUSTOM = "fl_vaults"  # the custom object each test of it creates
OBJECTS = [*sorted(builtin_objects()), CUSTOM]
TEXT_TYPES = {"text", "textarea", "email", "phone", "url"}
# Every figure a user can ask for, with the variants that sum other money fields.
FIGURES = ["opportunities/kanban", "analytics/funnel", "analytics/forecast",
           *[f"analytics/{name}" for name in sorted(REPORTS)],
           "analytics/revenue?measure=ordered&by=owner", "analytics/revenue?measure=paid",
           "analytics/revenue?measure=ordered&by=product",
           "analytics/receivables?basis=due_date&by=account",
           "analytics/receivables?by=owner", "analytics/targets",
           "analytics/targets?metric=paid_amount", "analytics/leaderboard"]


@dataclass
class Restricted:
    """A record with hidden and masked values, and the user they are restricted for."""

    name: str
    record: dict[str, Any]
    admin: Api
    rep: Api
    hidden: dict[str, Any]   # field → the value the rep must never see
    masked: dict[str, str]   # field → the full value the rep sees only masked
    searched: list[str]      # hidden searchable values (prefix-probed with q)
    money: list[str]         # hidden money fields

    def secrets(self) -> list[str]:
        """Values distinctive enough that finding them in an answer is a leak."""
        values = [*self.hidden.values(), *self.masked.values()]
        return [str(v) for v in values if isinstance(v, str) and len(v) >= 6]

    def assert_absent(self, where: str, text: str) -> None:
        leaked = [s for s in self.secrets() if s in text]
        assert not leaked, f"{self.name}: {where} shows {leaked}: {text[:2000]}"


def _paths(app: Any) -> dict[str, Any]:
    return app.openapi()["paths"]  # type: ignore[no-any-return]


def _make_custom_object(admin: Api) -> None:
    r = admin.post("meta/objects", {"api_name": CUSTOM, "labels": {"en": "Vaults",
                                                                    "zh-CN": "保险柜"},
                                    "fields": [{"api_name": "code", "type": "text",
                                                "label": "Code", "required": True}]})
    assert r.status_code == 201, r.text


def _searchable(name: str, field: dict[str, Any], name_field: str) -> bool:
    """Whether ``q`` looks in the field (the registry says so; a custom object's name)."""
    obj = builtin_objects().get(name)
    if obj is None:
        return field["api_name"] == name_field
    f = obj.fields.get(field["api_name"])
    return f is not None and (f.searchable or f.api_name == obj.name_field)


def _restrict(tenant: Tenant, name: str) -> Restricted:
    admin = tenant.admin
    if name == CUSTOM:
        _make_custom_object(admin)
    for api_name, typ in (("fl_secret", "text"), ("fl_masked", "text"), ("fl_amount", "money")):
        r = admin.post(f"meta/objects/{name}/fields",
                       {"api_name": api_name, "label": api_name, "type": typ})
        assert r.status_code == 201, r.text
    meta = admin.get(f"meta/objects/{name}").json()
    searchable = [f["api_name"] for f in meta["fields"] if f["type"] in TEXT_TYPES
                  and _searchable(name, f, meta["name_field"])]
    money = [f["api_name"] for f in meta["fields"] if f["type"] == "money" and not f["custom"]]
    hidden_fields = ["fl_secret", "fl_amount", *searchable, *money]
    key = f"fl_{uuid.uuid4().hex[:8]}"
    admin.create("roles", key=key, name=key, data_scope="all",
                 permissions={"*": ["read", "create", "update", "export"]},
                 field_permissions={name: {**dict.fromkeys(hidden_fields, "hidden"),
                                           "fl_masked": "masked"}})
    rep = tenant.user(key.replace("_", ""), roles=[key])
    body = sample_payload(admin, name)
    # Amounts no other figure has: one record in a total makes the total its amount.
    writable = [f["api_name"] for f in meta["fields"]
                if f["type"] == "money" and not f["readonly"] and not f["custom"]]
    body.update({m: f"98{i}.61" for i, m in enumerate(writable)})
    token = uuid.uuid4().hex[:10]
    body.update({"fl_secret": f"SECRET-{token}-A", "fl_masked": f"MK-{token}-A",
                 "fl_amount": "876.54"})
    r = admin.post(f"{name}?allow_duplicate=true", body)
    assert r.status_code == 201, f"{name}: {r.text}"
    record = admin.get(f"{name}/{r.json()['id']}").json()
    # The rep follows it and is on its team: its changes reach them as notifications.
    assert rep.post(f"{name}/{record['id']}/follow").status_code == 200
    admin.post(f"{name}/{record['id']}/team", {"user_id": rep.user["id"], "access": "read"})
    r = admin.patch(f"{name}/{record['id']}", {"version": record["version"],
                                                "fl_secret": f"SECRET-{token}-B",
                                                "fl_masked": f"MK-{token}-B"})
    assert r.status_code == 200, f"{name}: {r.text}"
    first = {k: record.get(k) for k in hidden_fields}
    record = r.json()
    hidden = {**{f"{k} (before)": v for k, v in first.items()},
              **{k: record.get(k) for k in hidden_fields}}
    masked = {"fl_masked (before)": f"MK-{token}-A", "fl_masked": f"MK-{token}-B"}
    searched = [record[f] for f in searchable if isinstance(record.get(f), str)
                and len(record[f]) >= 6]
    return Restricted(name, record, admin, rep, hidden, masked, searched,
                      ["fl_amount", *money])


@pytest.fixture
def restricted(request: pytest.FixtureRequest, tenant: Tenant, app: Any) -> Restricted:
    name = request.param
    if name != CUSTOM and "post" not in _paths(app).get(f"/api/v1/{name}", {}):
        pytest.skip(f"{name} has no create route")
    return _restrict(tenant, name)


def _get_ok(api: Api, path: str, **params: Any) -> Any:
    r = api.get(path, params=params)
    assert r.status_code == 200, f"{path}: {r.status_code} {r.text}"
    return r


def _assert_seen_as_restricted(s: Restricted, seen: dict[str, Any], where: str) -> None:
    for f in ("fl_secret", "fl_amount"):
        assert f not in seen, f"{s.name}: {where} shows hidden {f}"
    assert seen["fl_masked"] == mask(s.masked["fl_masked"]), f"{s.name}: {where}"


@pytest.mark.parametrize("restricted", OBJECTS, indirect=True)
def test_record_reads_and_search_apply_field_levels(restricted: Restricted) -> None:
    s, rid = restricted, restricted.record["id"]
    got = _get_ok(s.rep, f"{s.name}/{rid}")
    _assert_seen_as_restricted(s, got.json(), "get")
    s.assert_absent("get", got.text)
    page = _get_ok(s.rep, s.name, limit=500)
    s.assert_absent("list", page.text)
    listed = [i for i in page.json()["items"] if i["id"] == rid]
    assert listed, f"{s.name}: the record is not listed"
    _assert_seen_as_restricted(s, listed[0], "list")
    # Neither a hidden value nor a prefix of it finds the record (the admin's search does).
    for value in [*s.searched, s.masked["fl_masked"]]:
        for probe in (value, value[:-2]):
            found = _get_ok(s.rep, s.name, q=probe, limit=500).json()["items"]
            assert rid not in {i["id"] for i in found}, f"{s.name}: q={probe!r} finds it"
    for value in s.searched:
        found = _get_ok(s.admin, s.name, q=value[:-2], limit=500).json()["items"]
        assert rid in {i["id"] for i in found}, f"{s.name}: the admin's q={value!r}"


@pytest.mark.parametrize("restricted", OBJECTS, indirect=True)
def test_history_export_and_notifications_apply_field_levels(restricted: Restricted,
                                                             worker: Any, app: Any) -> None:
    s, rid = restricted, restricted.record["id"]
    worker.run_until_idle()  # the change's event → follower notifications
    audit = _get_ok(s.rep, "audit", object=s.name, record_id=rid)
    s.assert_absent("audit", audit.text)
    changes = [e["changes"] for e in audit.json()["items"] if e["changes"]]
    assert any("fl_masked" in c for c in changes), f"{s.name}: no change listed"
    for c in changes:
        assert "fl_secret" not in c and "fl_amount" not in c, f"{s.name}: audit {c}"
        if "fl_masked" in c:
            assert c["fl_masked"][1] in {mask(v) for v in s.masked.values()}, c
    s.assert_absent("timeline", _get_ok(s.rep, f"{s.name}/{rid}/timeline").text)
    if "get" in _paths(app).get(f"/api/v1/{s.name}/export", {}):
        export = _get_ok(s.rep, f"{s.name}/export", format="csv")
        assert rid in export.text or s.name in ("users",), f"{s.name}: export misses it"
        s.assert_absent("export", export.text)
    notes = _get_ok(s.rep, "notifications", limit=200)
    assert notes.json()["items"], f"{s.name}: the follower was not notified"
    s.assert_absent("notifications", notes.text)


@pytest.mark.parametrize("restricted", OBJECTS, indirect=True)
def test_figures_and_360_view_leave_hidden_amounts_out(restricted: Restricted) -> None:
    s = restricted
    account_id = s.record.get("account_id")
    if account_id:
        # The record as its section shows it, and the totals (another object's own field
        # that derives from it, an order's paid_amount, follows that field's own level).
        view = _get_ok(s.rep, f"accounts/{account_id}/overview").json()
        s.assert_absent("360° view totals", str(view["totals"]))
        shown = [i for section in view.values() if isinstance(section, list)
                 for i in section if isinstance(i, dict) and i.get("id") == s.record["id"]]
        for item in shown:
            _assert_seen_as_restricted(s, item, "360° view")
            s.assert_absent("360° view", str(item))
    for path in FIGURES:
        s.assert_absent(path, _get_ok(s.rep, path).text)
    for board in DEFAULTS:  # the built-in dashboards' widgets
        s.assert_absent(f"dashboard {board}", _get_ok(s.rep, f"dashboards/{board}/data").text)
    # The report builder knows no hidden field: a sum over one is refused, never answered.
    for f in s.money:
        r = s.rep.post("reports/run", {"object": s.name,
                                       "measures": [{"field": f, "agg": "sum"}]})
        assert r.status_code == 422, f"{s.name}: sum of hidden {f}: {r.text}"
        s.assert_absent(f"report over {f}", r.text)
    everything = s.rep.post("reports/run", {"object": s.name})
    assert everything.status_code == 200, everything.text
