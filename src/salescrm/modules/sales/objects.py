"""Metadata of the sales objects: pipelines, opportunities, products, price books, quotes."""

from __future__ import annotations

from typing import Any

from salescrm.models import Opportunity, Pipeline, PriceBook, PriceBookEntry, Product, Quote
from salescrm.modules.sales.pricing import LINES_SCHEMA
from salescrm.platform.metadata import FieldDef, ObjectDef, OptionLabels, builtin
from salescrm.platform.records.openapi import NOT_BLANK

STAGE_KINDS = ("open", "won", "lost")
OPPORTUNITY_STATUS_LABELS: OptionLabels = {
    "open": ("Open", "进行中"), "won": ("Won", "赢单"), "lost": ("Lost", "输单")}
OPPORTUNITY_STATUSES = STAGE_KINDS
FORECAST_CATEGORY_LABELS: OptionLabels = {
    "pipeline": ("Pipeline", "潜在"), "best_case": ("Best case", "乐观"),
    "commit": ("Commit", "承诺"), "omitted": ("Omitted", "不计入")}
FORECAST_CATEGORIES = tuple(FORECAST_CATEGORY_LABELS)
QUOTE_STATUS_LABELS: OptionLabels = {
    "draft": ("Draft", "草稿"), "sent": ("Sent", "已发送"), "accepted": ("Accepted", "已接受"),
    "rejected": ("Rejected", "已拒绝")}
QUOTE_STATUSES = tuple(QUOTE_STATUS_LABELS)


CURRENCY_SCHEMA = {"type": "string", "pattern": "^[A-Za-z]{3}$",
                   "description": "ISO 4217 code; CNY when omitted"}
STAGE_NAME = {"type": "string", "maxLength": 100, "pattern": NOT_BLANK}
REQUIRED_FIELD: dict[str, Any] = {"type": "string"}  # its enum follows the opportunity
STAGES_SCHEMA = {"type": "array", "minItems": 1, "maxItems": 50, "items": {
    "type": "object", "required": ["key", "probability", "kind"],
    "additionalProperties": False, "properties": {
        "key": {"type": "string", "pattern": "^[a-z0-9_]{1,64}$"},
        "name": {"anyOf": [STAGE_NAME, {"type": "null"}],
                 "description": "From labels (the caller's language first) when omitted."},
        "labels": {"anyOf": [{"type": "object", "additionalProperties": False,
                              "properties": {"en": STAGE_NAME, "zh-CN": STAGE_NAME}},
                             {"type": "null"}]},
        "probability": {"type": "integer", "minimum": 0, "maximum": 100},
        "kind": {"type": "string", "enum": list(STAGE_KINDS)},
        "required_fields": {"anyOf": [{"type": "array", "items": REQUIRED_FIELD},
                                      {"type": "null"}],
                            "description": "Opportunity fields needed to enter the stage "
                                           "(custom fields by api name too)."},
    },
    # A stage is named: by name, or by labels to take it from.
    "anyOf": [{"required": ["name"], "properties": {"name": STAGE_NAME}},
              {"required": ["labels"], "properties": {"labels": {"type": "object",
                                                                 "minProperties": 1}}}]},
    "allOf": [{"contains": {"type": "object", "properties": {"kind": {"const": kind}}}}
              for kind in STAGE_KINDS],
    "description": "In order; at least one open, one won, one lost stage; keys unique "
                   "(a key given twice → 409)."}


def _fields(*defs: FieldDef) -> dict[str, FieldDef]:
    return {f.api_name: f for f in defs}


PIPELINES = builtin(ObjectDef(
    "pipelines", "Pipelines", "销售流程", Pipeline, owned=False, managed_writes=True,
    fields=_fields(
        FieldDef("name", "text", "Name", "名称", required=True, searchable=True,
                 max_length=200),
        FieldDef("is_default", "boolean", "Default", "默认", nullable=False),
        FieldDef("stages", "json", "Stages", "阶段", required=True, nullable=False,
                 json_schema=STAGES_SCHEMA,
                 help='[{"key","name","labels":{"en","zh-CN"},"probability":0-100,'
                      '"kind":"open|won|lost","required_fields":[...]}] in order'),
        FieldDef("description", "textarea", "Description", "描述", max_length=2000),
    ),
))

OPPORTUNITIES = builtin(ObjectDef(
    "opportunities", "Opportunities", "商机", Opportunity, managed_writes=True,
    fields=_fields(
        FieldDef("name", "text", "Name", "商机名称", required=True, searchable=True,
                 max_length=200),
        FieldDef("account_id", "lookup", "Account", "客户", required=True, target="accounts"),
        FieldDef("contact_id", "lookup", "Contact", "联系人", target="contacts"),
        FieldDef("pipeline_id", "lookup", "Pipeline", "销售流程", target="pipelines",
                 help="The default pipeline when omitted."),
        FieldDef("stage", "text", "Stage", "阶段", max_length=64,
                 help="A stage key of the pipeline; its first stage when omitted."),
        FieldDef("status", "picklist", "Status", "状态", options=OPPORTUNITY_STATUSES,
                 option_labels=OPPORTUNITY_STATUS_LABELS,
                 readonly=True, help="Follows the kind of the stage."),
        FieldDef("amount", "money", "Amount", "金额", minimum=0),
        FieldDef("currency", "text", "Currency", "币种", max_length=3, default="CNY",
                 json_schema=CURRENCY_SCHEMA),
        FieldDef("close_date", "date", "Expected close date", "预计成交日期"),
        FieldDef("probability", "integer", "Probability (%)", "赢率（%）", minimum=0,
                 maximum=100, help="The stage's probability unless set."),
        FieldDef("lost_reason", "text", "Lost reason", "输单原因", max_length=500),
        FieldDef("campaign_id", "text", "Campaign", "市场活动", max_length=36),
        FieldDef("source", "text", "Source", "来源", max_length=100),
        FieldDef("forecast_category", "picklist", "Forecast category", "预测类别",
                 options=FORECAST_CATEGORIES,
                 option_labels=FORECAST_CATEGORY_LABELS),
        FieldDef("stage_changed_at", "datetime", "Stage changed at", "阶段变更时间",
                 readonly=True),
        FieldDef("closed_at", "datetime", "Closed at", "关闭时间", readonly=True),
        FieldDef("description", "textarea", "Description", "描述", max_length=4000),
    ),
))

PRODUCTS = builtin(ObjectDef(
    "products", "Products", "产品", Product, owned=False, managed_writes=True,
    fields=_fields(
        FieldDef("name", "text", "Name", "产品名称", required=True, searchable=True,
                 max_length=200),
        FieldDef("code", "text", "Code", "产品编码", searchable=True, max_length=64,
                 unique=True),
        FieldDef("unit", "text", "Unit", "单位", max_length=20),
        FieldDef("price", "money", "List price", "标准价格", minimum=0),
        FieldDef("currency", "text", "Currency", "币种", max_length=3, default="CNY",
                 json_schema=CURRENCY_SCHEMA),
        FieldDef("category", "text", "Category", "产品分类", max_length=100),
        FieldDef("is_active", "boolean", "Active", "启用", default=True, nullable=False),
        FieldDef("description", "textarea", "Description", "描述", max_length=4000),
    ),
))

PRICE_BOOKS = builtin(ObjectDef(
    "price_books", "Price books", "价格表", PriceBook, owned=False, managed_writes=True,
    fields=_fields(
        FieldDef("name", "text", "Name", "名称", required=True, searchable=True,
                 max_length=200),
        FieldDef("is_default", "boolean", "Standard", "标准价格表", nullable=False,
                 readonly=True),
        FieldDef("is_active", "boolean", "Active", "启用", default=True, nullable=False),
        FieldDef("currency", "text", "Currency", "币种", max_length=3, default="CNY",
                 json_schema=CURRENCY_SCHEMA),
        FieldDef("description", "textarea", "Description", "描述", max_length=2000),
    ),
))

PRICE_BOOK_ENTRIES = builtin(ObjectDef(
    "price_book_entries", "Price book entries", "价格表明细", PriceBookEntry, owned=False,
    managed_writes=True, name_field="product_id",
    fields=_fields(
        FieldDef("price_book_id", "lookup", "Price book", "价格表", required=True,
                 target="price_books"),
        FieldDef("product_id", "lookup", "Product", "产品", required=True, target="products"),
        FieldDef("unit_price", "money", "Unit price", "单价", required=True, minimum=0),
        FieldDef("is_active", "boolean", "Active", "启用", default=True, nullable=False),
    ),
))

# The fields a stage may require: the opportunity's writable built-in ones.
REQUIRED_FIELD["enum"] = sorted(n for n, f in OPPORTUNITIES.fields.items() if not f.readonly)

QUOTES = builtin(ObjectDef(
    "quotes", "Quotes", "报价单", Quote, managed_writes=True,
    fields=_fields(
        FieldDef("name", "text", "Name", "报价单名称", searchable=True, max_length=200),
        FieldDef("account_id", "lookup", "Account", "客户", required=True, target="accounts",
                 help="Taken from the opportunity when omitted."),
        FieldDef("opportunity_id", "lookup", "Opportunity", "商机", target="opportunities"),
        FieldDef("contact_id", "lookup", "Contact", "联系人", target="contacts"),
        FieldDef("price_book_id", "lookup", "Price book", "价格表", target="price_books",
                 help="Where line prices come from when a line gives none."),
        FieldDef("status", "picklist", "Status", "状态", options=QUOTE_STATUSES,
                 option_labels=QUOTE_STATUS_LABELS,
                 default="draft", nullable=False),
        FieldDef("valid_until", "date", "Valid until", "有效期至"),
        FieldDef("currency", "text", "Currency", "币种", max_length=3, default="CNY",
                 json_schema=CURRENCY_SCHEMA),
        FieldDef("lines", "json", "Lines", "明细", json_schema=LINES_SCHEMA,
                 help='[{"product_id","quantity","unit_price","discount"}]; discount in '
                      "percent 0–100; unit_price from the price book when omitted"),
        FieldDef("subtotal", "money", "Subtotal", "小计", readonly=True),
        FieldDef("discount_total", "money", "Discount", "折扣金额", readonly=True),
        FieldDef("total", "money", "Total", "总计", readonly=True),
        FieldDef("order_id", "text", "Order", "订单", readonly=True),
        FieldDef("notes", "textarea", "Notes", "备注", max_length=4000),
    ),
))
