"""Metadata of accounts and contacts (fields per API.md).

Accounts with no owner form the customer pool (公海): everyone who may read
accounts sees them and may claim one. Both objects take part in the duplicate
check (查重) on their normalized name, phone/mobile and email.
"""

from __future__ import annotations

from salescrm.models import Account, Contact
from salescrm.platform.dedupe import dedupe_spec
from salescrm.platform.metadata import FieldDef, ObjectDef, OptionLabels, builtin

LEVEL_LABELS: OptionLabels = {level: (level, f"{level} 级") for level in "ABCD"}
LEVELS = tuple(LEVEL_LABELS)

ACCOUNTS = builtin(ObjectDef(
    "accounts", "Accounts", "客户", Account,
    fields={f.api_name: f for f in [
        FieldDef("name", "text", "Name", "客户名称", required=True, searchable=True,
                 max_length=200),
        FieldDef("industry", "text", "Industry", "行业", max_length=100),
        FieldDef("level", "picklist", "Level", "客户级别", options=LEVELS,
                 option_labels=LEVEL_LABELS),
        FieldDef("region", "text", "Region", "区域", max_length=100),
        FieldDef("province", "text", "Province", "省份", max_length=100),
        FieldDef("city", "text", "City", "城市", max_length=100),
        FieldDef("address", "text", "Address", "地址", max_length=500),
        FieldDef("phone", "phone", "Phone", "电话", searchable=True),
        FieldDef("website", "url", "Website", "网址", max_length=500),
        FieldDef("source", "text", "Source", "来源", max_length=100),
        FieldDef("description", "textarea", "Description", "描述", max_length=4000),
        FieldDef("assigned_at", "datetime", "Owned since", "领取/分配时间", readonly=True),
        FieldDef("last_activity_at", "datetime", "Last follow-up", "最近跟进时间",
                 readonly=True),
    ]},
    pool_visible=True,
    dedupe=("name", "phone"),
))

CONTACTS = builtin(ObjectDef(
    "contacts", "Contacts", "联系人", Contact,
    fields={f.api_name: f for f in [
        FieldDef("name", "text", "Name", "姓名", required=True, searchable=True, max_length=200),
        FieldDef("account_id", "lookup", "Account", "所属客户", target="accounts"),
        FieldDef("title", "text", "Title", "职务", max_length=100),
        FieldDef("mobile", "phone", "Mobile", "手机", searchable=True),
        FieldDef("phone", "phone", "Phone", "电话"),
        FieldDef("email", "email", "Email", "邮箱", searchable=True),
        FieldDef("wechat", "text", "WeChat", "微信", max_length=100),
    ]},
    dedupe=("name", "mobile", "email"),
))

# A shared switchboard number is a hint, not proof: account phones are compared
# (``/duplicates/check``) but block nothing until a tenant's rule says so.
ACCOUNT_DEDUPE = dedupe_spec("accounts", Account, {"name": "company", "phone": "phone"},
                             default_blocking=("name",))
CONTACT_DEDUPE = dedupe_spec("contacts", Contact,
                             {"name": "person", "mobile": "phone", "email": "email"})
