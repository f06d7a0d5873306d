"""The template list says what each template adds, in the caller's language, so the
admin screen can show it before anything is installed."""

from __future__ import annotations

from salescrm.platform.templates.catalog import TEMPLATES
from tests.factories import Tenant


def test_list_previews_each_template_in_the_callers_language(tenant: Tenant) -> None:
    admin = tenant.admin
    en = {t["name"]: t for t in admin.get("templates").json()["items"]}
    admin.locale = "zh-CN"
    zh = {t["name"]: t for t in admin.get("templates").json()["items"]}
    admin.locale = "en"
    for name, template in TEMPLATES.items():
        inc = en[name]["includes"]
        assert [p["name"] for p in inc["pipelines"]] == [p["name"] for p in template["pipelines"]]
        assert sorted(f"{f['object']}.{f['api_name']}" for f in inc["fields"]) == sorted(
            f"{o}.{f['api_name']}" for o, fs in template["fields"].items() for f in fs)
        assert len(inc["approval_flows"]) == len(template["approval_flows"])
        assert len(inc["reports"]) == len(template["reports"])
    stages = en["manufacturing"]["includes"]["pipelines"][0]["stages"]
    assert stages[1] == {"key": "site_survey", "label": "Site survey", "probability": 20,
                         "kind": "open"}
    assert zh["manufacturing"]["includes"]["pipelines"][0]["stages"][1]["label"] == "现场勘察"
    scale = next(f for f in zh["manufacturing"]["includes"]["fields"]
                 if f["api_name"] == "factory_scale")
    assert scale == {"object": "accounts", "api_name": "factory_scale", "type": "picklist",
                     "label": "工厂规模", "options": ["small", "medium", "large"],
                     "option_names": ["小型", "中型", "大型"]}
    # Listing installs nothing.
    fields = {f["api_name"] for f in admin.get("meta/objects/accounts").json()["fields"]}
    assert "factory_scale" not in fields
