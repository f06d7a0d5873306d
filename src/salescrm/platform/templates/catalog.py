"""The industry templates: what each installs, in both languages.

Stage keys, field api names, flow and report names are the template's identity:
applying a template again finds them and creates nothing twice.
"""

from __future__ import annotations

from typing import Any


def _l(en: str, zh: str) -> dict[str, str]:
    return {"en": en, "zh-CN": zh}


def _stage(key: str, en: str, zh: str, probability: int, kind: str = "open") -> dict[str, Any]:
    return {"key": key, "name": zh, "labels": _l(en, zh), "probability": probability,
            "kind": kind}


CLOSING = [_stage("won", "Won", "赢单", 100, "won"), _stage("lost", "Lost", "输单", 0, "lost")]


def _field(api_name: str, type_: str, en: str, zh: str, **extra: Any) -> dict[str, Any]:
    return {"api_name": api_name, "type": type_, "labels": _l(en, zh), **extra}


def _choices(*choices: tuple[str, str, str]) -> dict[str, Any]:
    """A picklist's options (value, en, zh-CN): stored by value, read by label."""
    return {"options": [value for value, _en, _zh in choices],
            "option_labels": {value: _l(en, zh) for value, en, zh in choices}}


TEMPLATES: dict[str, dict[str, Any]] = {
    "manufacturing": {
        "labels": _l("Manufacturing", "制造业"),
        "pipelines": [{
            "name": "制造业项目销售 / Manufacturing project sales",
            "stages": [
                _stage("lead_in", "Lead received", "线索接入", 10),
                _stage("site_survey", "Site survey", "现场勘察", 20),
                _stage("technical_review", "Technical review", "技术方案评审", 40),
                _stage("sample_trial", "Sample trial", "样品试用", 55),
                _stage("quotation", "Quotation", "报价", 70),
                _stage("contract_negotiation", "Contract negotiation", "合同谈判", 85),
                *CLOSING,
            ],
        }],
        "fields": {
            "accounts": [
                _field("factory_scale", "picklist", "Factory scale", "工厂规模",
                       **_choices(("small", "Small", "小型"), ("medium", "Medium", "中型"),
                                  ("large", "Large", "大型"))),
                _field("annual_capacity", "number", "Annual capacity (units)", "年产能（件）"),
                _field("certifications", "multi_picklist", "Certifications", "资质认证",
                       options=["ISO9001", "ISO14001", "IATF16949", "CE", "UL"]),
            ],
            "opportunities": [
                _field("delivery_lead_days", "integer", "Delivery lead time (days)",
                       "交货周期（天）"),
                _field("requires_sample", "boolean", "Sample required", "需要打样"),
                _field("technical_contact", "lookup", "Technical contact", "技术对接人",
                       target="contacts"),
            ],
            "orders": [
                _field("incoterm", "picklist", "Incoterm", "贸易术语",
                       options=["EXW", "FOB", "CIF", "DAP", "DDP"]),
                _field("production_batch", "text", "Production batch", "生产批次",
                       max_length=100),
            ],
        },
        "approval_flows": [{
            "name": "大额订单审批 / Large order approval", "object": "orders",
            "condition": {"field": "total", "op": "gt", "value": "500000"},
            "steps": [{"key": "manager", "approver": {"type": "manager"}},
                      {"key": "admin", "approver": {"type": "role", "value": "admin"}}],
        }],
        "reports": [
            {"name": "按阶段的商机金额 / Pipeline by stage", "object": "opportunities",
             "spec": {"group_by": ["stage"], "measures": [{"field": "amount", "agg": "sum"},
                                                          {"agg": "count"}]},
             "chart": {"type": "funnel"}},
            {"name": "按工厂规模的客户 / Accounts by factory scale", "object": "accounts",
             "spec": {"group_by": ["factory_scale"], "measures": [{"agg": "count"}]},
             "chart": {"type": "pie"}},
        ],
    },
    "high_tech": {
        "labels": _l("High tech", "高科技"),
        "pipelines": [{
            "name": "软件订阅销售 / Software subscription sales",
            "stages": [
                _stage("discovery", "Discovery", "需求发现", 10),
                _stage("demo", "Demo", "产品演示", 25),
                _stage("poc", "Proof of concept", "试点验证", 45),
                _stage("proposal", "Proposal", "方案报价", 65),
                _stage("procurement", "Procurement", "采购流程", 85),
                *CLOSING,
            ],
        }],
        "fields": {
            "accounts": [
                _field("employee_count", "integer", "Employees", "员工人数"),
                _field("tech_stack", "multi_picklist", "Tech stack", "技术栈",
                       **_choices(("aliyun", "Alibaba Cloud", "阿里云"),
                                  ("tencent_cloud", "Tencent Cloud", "腾讯云"),
                                  ("huawei_cloud", "Huawei Cloud", "华为云"), ("aws", "AWS", "AWS"),
                                  ("on_premise", "On premises", "本地部署"))),
            ],
            "opportunities": [
                _field("arr", "money", "Annual recurring revenue", "年度经常性收入"),
                _field("contract_term_months", "integer", "Contract term (months)",
                       "合同期（月）", default=12),
                _field("deployment", "picklist", "Deployment", "部署方式",
                       **_choices(("saas", "SaaS", "SaaS"), ("private", "Private cloud", "私有化"),
                                  ("hybrid", "Hybrid", "混合部署"))),
                _field("poc_end_date", "date", "PoC end date", "试点结束日期"),
            ],
        },
        "approval_flows": [{
            "name": "大额订单审批 / Large order approval", "object": "orders",
            "condition": {"field": "total", "op": "gt", "value": "200000"},
            "steps": [{"key": "manager", "approver": {"type": "manager"}},
                      {"key": "admin", "approver": {"type": "role", "value": "admin"}}],
        }],
        "reports": [
            {"name": "按部署方式的商机 / Opportunities by deployment", "object": "opportunities",
             "spec": {"group_by": ["deployment"], "measures": [{"field": "amount", "agg": "sum"},
                                                               {"agg": "count"}]},
             "chart": {"type": "bar"}},
        ],
    },
    "consumer_goods": {
        "labels": _l("Consumer goods", "快消品"),
        "pipelines": [{
            "name": "渠道拓展 / Channel development",
            "stages": [
                _stage("prospect", "Prospect", "潜在渠道", 10),
                _stage("listing_talks", "Listing talks", "进场谈判", 35),
                _stage("listing", "Listed", "产品进场", 60),
                _stage("first_order", "First order", "首单", 85),
                *CLOSING,
            ],
        }],
        "fields": {
            "accounts": [
                _field("channel_type", "picklist", "Channel", "渠道类型",
                       **_choices(("ka", "Key account", "KA 卖场"), ("distributor", "Distributor", "经销商"),
                                  ("wholesale", "Wholesale", "批发"),
                                  ("ecommerce", "E-commerce", "电商"),
                                  ("convenience", "Convenience store", "便利店"))),
                _field("store_count", "integer", "Stores", "门店数"),
                _field("city_tier", "picklist", "City tier", "城市级别",
                       **_choices(("tier1", "Tier 1", "一线城市"), ("tier2", "Tier 2", "二线城市"),
                                  ("tier3", "Tier 3", "三线城市"), ("tier4", "Tier 4", "四线及以下"))),
            ],
            "orders": [
                _field("promotion_code", "text", "Promotion code", "促销编码", max_length=50),
                _field("delivery_date", "date", "Delivery date", "配送日期"),
            ],
        },
        "approval_flows": [{
            "name": "订单审批 / Order approval", "object": "orders",
            "condition": {"field": "total", "op": "gt", "value": "100000"},
            "steps": [{"key": "manager", "approver": {"type": "manager"}}],
        }],
        "reports": [
            {"name": "按渠道类型的客户 / Accounts by channel", "object": "accounts",
             "spec": {"group_by": ["channel_type"], "measures": [{"agg": "count"}]},
             "chart": {"type": "pie"}},
        ],
    },
}
