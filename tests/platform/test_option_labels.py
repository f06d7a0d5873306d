"""Every built-in choice reads as words in both languages (issue 13): the metadata
serves a zh-CN and an en label for each stored value, and the values themselves —
what the API takes and returns — stay as they were."""

from __future__ import annotations

from typing import Any

import pytest

from salescrm.platform.metadata import builtin_objects


def _picklists() -> list[tuple[str, str]]:
    from salescrm.app import load_modules

    load_modules()
    return [(o.api_name, f.api_name) for o in builtin_objects().values()
            for f in o.fields.values() if f.options]


@pytest.mark.parametrize(("object_name", "field_name"), _picklists())
def test_every_builtin_choice_has_both_labels(object_name: str, field_name: str) -> None:
    f = builtin_objects()[object_name].fields[field_name]
    labels = f.option_labels or {}
    assert set(labels) == set(f.options), f"{object_name}.{field_name}: labels for each choice"
    for value, (en, zh) in labels.items():
        assert en.strip() and zh.strip(), f"{object_name}.{field_name}.{value}"


def test_metadata_serves_labels_and_the_api_keeps_values(admin: Any) -> None:
    fields = {f["api_name"]: f for f in admin.get("meta/objects/payments").json()["fields"]}
    method = fields["method"]
    assert method["options"][0] == "bank_transfer"  # the values are the contract
    assert method["option_labels"]["bank_transfer"] == {"en": "Bank transfer",
                                                        "zh-CN": "银行转账"}
    plans = {f["api_name"]: f for f in admin.get("meta/objects/payment_plans").json()["fields"]}
    assert plans["status"]["option_labels"]["overdue"]["zh-CN"] == "已逾期"
    task = admin.create("tasks", title="Call back", priority="high")
    assert task["priority"] == "high"


def test_a_custom_fields_choices_read_as_themselves(admin: Any) -> None:
    r = admin.post("meta/objects/accounts/fields", json={
        "api_name": "tier", "label": "Tier", "type": "picklist", "options": ["Gold", "Silver"]})
    assert r.status_code == 201, r.text
    fields = {f["api_name"]: f for f in admin.get("meta/objects/accounts").json()["fields"]}
    assert fields["tier"]["options"] == ["Gold", "Silver"]
    assert "option_labels" not in fields["tier"]


def test_a_report_grouped_by_a_choice_names_it_on_screen_and_in_its_file(admin: Any) -> None:
    admin.create("tasks", title="A", priority="high")
    admin.create("tasks", title="B", priority="high")
    admin.locale = "zh-CN"
    r = admin.post("reports/run", {"object": "tasks", "group_by": ["priority"],
                                   "measures": [{"field": "id", "agg": "count"}]})
    assert r.status_code == 200, r.text
    [row] = r.json()["rows"]
    assert (row["priority"], row["priority_label"]) == ("high", "高")
    r = admin.post("reports/export", {"object": "tasks", "group_by": ["priority"],
                                      "measures": [{"field": "id", "agg": "count"}]},
                   params={"format": "csv"})
    assert r.status_code == 200, r.text
    assert r.content.decode("utf-8-sig").splitlines()[1].startswith("高,")


def test_a_custom_picklist_may_name_its_options(admin: Any) -> None:
    r = admin.post("meta/objects/accounts/fields", json={
        "api_name": "tier", "label": "Tier", "type": "picklist", "options": ["t1", "t2"],
        "option_labels": {"t1": {"en": "Tier 1", "zh-CN": "一线城市"}}})
    assert r.status_code == 201, r.text
    fields = {f["api_name"]: f for f in admin.get("meta/objects/accounts").json()["fields"]}
    assert fields["tier"]["options"] == ["t1", "t2"]
    assert fields["tier"]["option_labels"]["t1"] == {"en": "Tier 1", "zh-CN": "一线城市"}
    assert admin.create("accounts", name="Acme", tier="t1")["tier"] == "t1"
    r = admin.post("meta/objects/accounts/fields", json={
        "api_name": "size", "label": "Size", "type": "picklist", "options": ["s"],
        "option_labels": {"xl": {"en": "Huge"}}})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "option_labels"


def test_a_templates_choices_read_as_words(admin: Any) -> None:
    r = admin.post("templates/consumer_goods/apply")
    assert r.status_code == 200, r.text
    fields = {f["api_name"]: f for f in admin.get("meta/objects/accounts").json()["fields"]}
    assert fields["city_tier"]["option_labels"]["tier1"]["zh-CN"] == "一线城市"
    admin.locale = "zh-CN"
    preview = admin.get("templates").json()
    assert "一线城市" in str(preview) and "'tier1'" in str(preview)
