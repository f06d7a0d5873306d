"""Metadata of leads and lead assignment rules (fields per API.md).

Leads with no owner are the lead pool (公海): everyone who may read leads sees
them and may claim one. Leads take part in the duplicate check on their
normalized name, mobile and email.
"""

from __future__ import annotations

from salescrm.models import Lead, LeadAssignmentRule
from salescrm.platform.dedupe import dedupe_spec
from salescrm.platform.metadata import FieldDef, ObjectDef, OptionLabels, builtin
from salescrm.platform.records.behaviour import PoolKind

STATUS_LABELS: OptionLabels = {
    "new": ("New", "新线索"), "contacted": ("Contacted", "已联系"),
    "qualified": ("Qualified", "已确认"), "unqualified": ("Unqualified", "无效"),
    "converted": ("Converted", "已转化")}
STATUSES = tuple(STATUS_LABELS)
# Statuses a rep is still working: they count against the cap and may return to the pool.
OPEN_STATUSES = ("new", "contacted", "qualified")
# Lead fields an assignment rule may test.
MATCH_FIELD_LABELS: OptionLabels = {
    "any": ("Any lead", "全部线索"), "province": ("Province", "省份"), "city": ("City", "城市"),
    "source": ("Lead source", "线索来源"), "campaign_id": ("Campaign", "市场活动"),
    "utm_source": ("UTM source", "UTM 来源"), "utm_campaign": ("UTM campaign", "UTM 活动")}
MATCH_FIELDS = tuple(MATCH_FIELD_LABELS)

LEADS = builtin(ObjectDef(
    "leads", "Leads", "线索", Lead,
    fields={f.api_name: f for f in [
        FieldDef("name", "text", "Name", "姓名", required=True, searchable=True,
                 max_length=200),
        FieldDef("company", "text", "Company", "公司", searchable=True, max_length=200),
        FieldDef("title", "text", "Title", "职务", max_length=100),
        FieldDef("mobile", "phone", "Mobile", "手机", searchable=True),
        FieldDef("email", "email", "Email", "邮箱", searchable=True),
        FieldDef("source", "text", "Source", "线索来源", max_length=100),
        FieldDef("campaign_id", "lookup", "Campaign", "市场活动", target="campaigns"),
        FieldDef("utm_source", "text", "UTM source", "UTM 来源", max_length=200),
        FieldDef("utm_medium", "text", "UTM medium", "UTM 媒介", max_length=200),
        FieldDef("utm_campaign", "text", "UTM campaign", "UTM 活动", max_length=200),
        FieldDef("status", "picklist", "Status", "状态", options=STATUSES, default="new",
                 option_labels=STATUS_LABELS,
                 nullable=False),
        FieldDef("province", "text", "Province", "省份", max_length=100),
        FieldDef("city", "text", "City", "城市", max_length=100),
        FieldDef("description", "textarea", "Description", "描述", max_length=4000),
        FieldDef("converted_account_id", "lookup", "Converted account", "转化客户",
                 target="accounts", readonly=True),
        FieldDef("converted_contact_id", "lookup", "Converted contact", "转化联系人",
                 target="contacts", readonly=True),
        FieldDef("converted_opportunity_id", "lookup", "Converted opportunity", "转化商机",
                 target="opportunities", readonly=True),
        FieldDef("converted_at", "datetime", "Converted at", "转化时间", readonly=True),
        FieldDef("assigned_at", "datetime", "Owned since", "领取/分配时间", readonly=True),
        FieldDef("last_activity_at", "datetime", "Last follow-up", "最近跟进时间",
                 readonly=True),
    ]},
    pool_visible=True,
    dedupe=("name", "mobile", "email"),
))

LEAD_ASSIGNMENT_RULES = builtin(ObjectDef(
    "lead_assignment_rules", "Lead assignment rules", "线索分配规则", LeadAssignmentRule,
    owned=False,
    fields={f.api_name: f for f in [
        FieldDef("name", "text", "Name", "规则名称", required=True, max_length=200),
        FieldDef("active", "boolean", "Active", "启用", default=True),
        FieldDef("position", "integer", "Order", "顺序", default=100, minimum=0,
                 maximum=1_000_000, nullable=False),
        FieldDef("match_field", "picklist", "When field", "匹配字段", options=MATCH_FIELDS,
                 option_labels=MATCH_FIELD_LABELS,
                 default="any", nullable=False),
        FieldDef("match_values", "multi_picklist", "Is one of", "匹配值",
                 help="Values of the field that match (province: 广东, 广西 … makes a region)"),
        FieldDef("user_ids", "multi_picklist", "Assign round-robin to", "轮流分配给",
                 help="User ids, in turn; empty with no department leaves the lead in the pool"),
        FieldDef("department_id", "lookup", "Or to the team", "或分配给团队",
                 target="departments"),
        FieldDef("next_index", "integer", "Next in turn", "下一位序号", readonly=True),
    ]},
))

# A rule on a field (not "any") needs the values to match (422 field.required otherwise).
RULE_CONSTRAINTS = (
    {"if": {"required": ["match_field"],
            "properties": {"match_field": {"enum": [m for m in MATCH_FIELDS if m != "any"]}}},
     "then": {"required": ["match_values"],
              "properties": {"match_values": {"type": "array", "minItems": 1}}}},)

LEAD_DEDUPE = dedupe_spec("leads", Lead, {"name": "person", "mobile": "phone", "email": "email"})
LEAD_POOL = PoolKind("leads", default_max_held=None, default_return_after_days=30,
                     open_statuses=OPEN_STATUSES)
