"""Metadata of campaigns (市场活动): what leads and opportunities point back to.

Campaigns are shared across the company (everyone who may read campaigns sees
all of them, so any rep can tag a lead with one); ``owner_id`` names the
marketer in charge rather than limiting who sees it.
"""

from __future__ import annotations

from salescrm.models import Campaign
from salescrm.platform.metadata import FieldDef, ObjectDef, OptionLabels, builtin

CHANNEL_LABELS: OptionLabels = {
    "search": ("Search", "搜索推广"), "social": ("Social media", "社交媒体"),
    "wechat": ("WeChat", "微信"), "email": ("Email", "邮件营销"),
    "content": ("Content", "内容营销"), "event": ("Event", "线下活动"),
    "exhibition": ("Exhibition", "展会"), "webinar": ("Webinar", "线上研讨会"),
    "advertising": ("Advertising", "广告投放"), "referral": ("Referral", "客户推荐"),
    "partner": ("Partner", "合作伙伴"), "telemarketing": ("Telemarketing", "电话营销"),
    "other": ("Other", "其他")}
STATUS_LABELS: OptionLabels = {
    "planned": ("Planned", "计划中"), "active": ("Active", "进行中"),
    "completed": ("Completed", "已结束"), "cancelled": ("Cancelled", "已取消")}
CHANNELS = tuple(CHANNEL_LABELS)
STATUSES = tuple(STATUS_LABELS)

CAMPAIGNS = builtin(ObjectDef(
    "campaigns", "Campaigns", "市场活动", Campaign,
    owned=False,
    fields={f.api_name: f for f in [
        FieldDef("name", "text", "Name", "活动名称", required=True, searchable=True,
                 max_length=200),
        FieldDef("channel", "picklist", "Channel", "渠道", options=CHANNELS,
                 option_labels=CHANNEL_LABELS),
        FieldDef("status", "picklist", "Status", "状态", options=STATUSES, default="planned",
                 option_labels=STATUS_LABELS,
                 nullable=False),
        FieldDef("budget", "money", "Budget", "预算", minimum=0),
        FieldDef("actual_cost", "money", "Actual cost", "实际花费", minimum=0),
        FieldDef("currency", "text", "Currency", "币种", max_length=3, default="CNY"),
        FieldDef("start_date", "date", "Start date", "开始日期"),
        FieldDef("end_date", "date", "End date", "结束日期"),
        FieldDef("description", "textarea", "Description", "描述", max_length=4000),
        FieldDef("owner_id", "lookup", "Owner", "负责人", target="users"),
    ]},
))
