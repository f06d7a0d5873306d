"""Metadata of contracts, orders, invoices, payment plans and payments (API.md fields).

Amounts the service computes (totals, paid, invoiced, receivable) are read-only:
clients see them in every record and list, and can filter and sort by them.
"""

from __future__ import annotations

from salescrm.models import Contract, Invoice, Order, Payment, PaymentPlan
from salescrm.modules.orders.schemas import LINES, POSITIVE_MONEY, RECORD_ID
from salescrm.platform.metadata import FieldDef, ObjectDef, OptionLabels, builtin

CONTRACT_STATUS_LABELS: OptionLabels = {
    "draft": ("Draft", "草稿"), "active": ("Active", "执行中"), "expired": ("Expired", "已到期"),
    "terminated": ("Terminated", "已终止")}
ORDER_STATUS_LABELS: OptionLabels = {
    "draft": ("Draft", "草稿"), "submitted": ("Submitted", "审批中"),
    "approved": ("Approved", "已批准"), "rejected": ("Rejected", "已驳回"),
    "fulfilled": ("Fulfilled", "已履约"), "cancelled": ("Cancelled", "已取消")}
INVOICE_TYPE_LABELS: OptionLabels = {
    "normal": ("VAT general invoice", "增值税普通发票"),
    "special": ("VAT special invoice", "增值税专用发票")}
INVOICE_STATUS_LABELS: OptionLabels = {
    "requested": ("Requested", "待开票"), "issued": ("Issued", "已开票"),
    "voided": ("Voided", "已作废")}
PLAN_STATUS_LABELS: OptionLabels = {
    "planned": ("Planned", "待回款"), "partially_paid": ("Partially paid", "部分回款"),
    "paid": ("Paid", "已回款"), "overdue": ("Overdue", "已逾期")}
PAYMENT_METHOD_LABELS: OptionLabels = {
    "bank_transfer": ("Bank transfer", "银行转账"), "cash": ("Cash", "现金"),
    "cheque": ("Cheque", "支票"), "acceptance_bill": ("Acceptance bill", "承兑汇票"),
    "alipay": ("Alipay", "支付宝"), "wechat_pay": ("WeChat Pay", "微信支付"),
    "card": ("Card", "刷卡"), "other": ("Other", "其他")}
CONTRACT_STATUSES = tuple(CONTRACT_STATUS_LABELS)
ORDER_STATUSES = tuple(ORDER_STATUS_LABELS)
INVOICE_TYPES = tuple(INVOICE_TYPE_LABELS)
INVOICE_STATUSES = tuple(INVOICE_STATUS_LABELS)
PLAN_STATUSES = tuple(PLAN_STATUS_LABELS)
PAYMENT_METHODS = tuple(PAYMENT_METHOD_LABELS)
MIN_AMOUNT = 0.01



def _fields(*defs: FieldDef) -> dict[str, FieldDef]:
    return {f.api_name: f for f in defs}


def _money_ro(name: str, en: str, zh: str) -> FieldDef:
    return FieldDef(name, "money", en, zh, readonly=True)


CONTRACTS = builtin(ObjectDef(
    "contracts", "Contracts", "合同", Contract, managed_writes=True,
    fields=_fields(
        FieldDef("name", "text", "Name", "合同名称", required=True, searchable=True,
                 max_length=200),
        FieldDef("number", "text", "Contract number", "合同编号", searchable=True,
                 max_length=50, help="Generated when left empty"),
        FieldDef("account_id", "lookup", "Account", "客户", required=True, target="accounts",
                 json_schema=RECORD_ID),
        FieldDef("opportunity_id", "lookup", "Opportunity", "商机", target="opportunities"),
        FieldDef("currency", "text", "Currency", "币种", max_length=3, default="CNY"),
        FieldDef("amount", "money", "Amount", "合同金额", minimum=0),
        FieldDef("start_date", "date", "Start date", "开始日期"),
        FieldDef("end_date", "date", "End date", "结束日期"),
        FieldDef("status", "picklist", "Status", "状态", options=CONTRACT_STATUSES,
                 option_labels=CONTRACT_STATUS_LABELS,
                 default="draft"),
        FieldDef("signed_on", "date", "Signed on", "签约日期"),
        _money_ro("invoiced_amount", "Invoiced", "已开票金额"),
        _money_ro("paid_amount", "Paid", "已回款金额"),
        _money_ro("receivable", "Receivable", "应收金额"),
        FieldDef("description", "textarea", "Description", "描述", max_length=4000),
    ),
))

ORDERS = builtin(ObjectDef(
    "orders", "Orders", "订单", Order, name_field="number", managed_writes=True,
    fields=_fields(
        FieldDef("number", "text", "Order number", "订单编号", searchable=True, max_length=50,
                 help="Generated when left empty"),
        FieldDef("account_id", "lookup", "Account", "客户", required=True, target="accounts",
                 json_schema=RECORD_ID),
        FieldDef("contract_id", "lookup", "Contract", "合同", target="contracts"),
        FieldDef("opportunity_id", "lookup", "Opportunity", "商机", target="opportunities"),
        FieldDef("quote_id", "lookup", "Quote", "报价单", target="quotes"),
        FieldDef("currency", "text", "Currency", "币种", max_length=3, default="CNY"),
        FieldDef("ordered_on", "date", "Order date", "下单日期"),
        FieldDef("lines", "json", "Lines", "订单明细", json_schema=LINES,
                 help='[{"product_id","quantity","unit_price","discount"}]; editable '
                      "while the order is a draft"),
        FieldDef("status", "picklist", "Status", "状态", options=ORDER_STATUSES,
                 option_labels=ORDER_STATUS_LABELS),
        _money_ro("total", "Total", "订单总额"),
        _money_ro("paid_amount", "Paid", "已回款金额"),
        _money_ro("invoiced_amount", "Invoiced", "已开票金额"),
        _money_ro("receivable", "Receivable", "应收金额"),
        FieldDef("approved_at", "datetime", "Approved at", "审批通过时间", readonly=True),
        FieldDef("fulfilled_at", "datetime", "Fulfilled at", "履约完成时间", readonly=True),
        FieldDef("last_activity_at", "datetime", "Last activity", "最近跟进", readonly=True),
        FieldDef("description", "textarea", "Description", "描述", max_length=4000),
    ),
))

INVOICES = builtin(ObjectDef(
    "invoices", "Invoices", "发票", Invoice, name_field="title", managed_writes=True,
    fields=_fields(
        FieldDef("account_id", "lookup", "Account", "客户", target="accounts", readonly=True),
        FieldDef("order_id", "lookup", "Order", "订单", target="orders"),
        FieldDef("contract_id", "lookup", "Contract", "合同", target="contracts"),
        FieldDef("number", "text", "Invoice number", "发票号码", searchable=True, max_length=50),
        FieldDef("title", "text", "Invoice title", "发票抬头", required=True, searchable=True,
                 max_length=200),
        FieldDef("tax_number", "text", "Taxpayer ID", "纳税人识别号", max_length=40),
        FieldDef("type", "picklist", "Type", "发票类型", options=INVOICE_TYPES,
                 option_labels=INVOICE_TYPE_LABELS,
                 default="normal"),
        FieldDef("amount", "money", "Amount", "开票金额", required=True, minimum=MIN_AMOUNT,
                 json_schema=POSITIVE_MONEY),
        FieldDef("status", "picklist", "Status", "状态", options=INVOICE_STATUSES,
                 option_labels=INVOICE_STATUS_LABELS,
                 default="requested"),
        FieldDef("issued_on", "date", "Issued on", "开票日期"),
        FieldDef("description", "textarea", "Description", "备注", max_length=2000),
    ),
))

PAYMENT_PLANS = builtin(ObjectDef(
    "payment_plans", "Payment plans", "回款计划", PaymentPlan, name_field="due_date",
    managed_writes=True,
    fields=_fields(
        FieldDef("account_id", "lookup", "Account", "客户", target="accounts", readonly=True),
        FieldDef("order_id", "lookup", "Order", "订单", target="orders"),
        FieldDef("contract_id", "lookup", "Contract", "合同", target="contracts"),
        FieldDef("due_date", "date", "Due date", "计划回款日期", required=True),
        FieldDef("amount", "money", "Amount", "计划回款金额", required=True,
                 minimum=MIN_AMOUNT, json_schema=POSITIVE_MONEY),
        _money_ro("paid_amount", "Paid", "已回款金额"),
        FieldDef("status", "picklist", "Status", "状态", options=PLAN_STATUSES, readonly=True,
                 option_labels=PLAN_STATUS_LABELS),
        FieldDef("description", "textarea", "Description", "备注", max_length=2000),
    ),
))

PAYMENTS = builtin(ObjectDef(
    "payments", "Payments", "回款", Payment, name_field="paid_on", managed_writes=True,
    fields=_fields(
        FieldDef("account_id", "lookup", "Account", "客户", target="accounts", readonly=True),
        FieldDef("order_id", "lookup", "Order", "订单", target="orders"),
        FieldDef("contract_id", "lookup", "Contract", "合同", target="contracts"),
        FieldDef("amount", "money", "Amount", "回款金额", required=True, minimum=MIN_AMOUNT,
                 json_schema=POSITIVE_MONEY),
        FieldDef("currency", "text", "Currency", "币种", max_length=3, default="CNY"),
        FieldDef("paid_on", "date", "Paid on", "回款日期", required=True),
        FieldDef("method", "picklist", "Method", "回款方式", options=PAYMENT_METHODS,
                 option_labels=PAYMENT_METHOD_LABELS),
        FieldDef("reference", "text", "Reference", "流水号", searchable=True, max_length=100),
        FieldDef("description", "textarea", "Description", "备注", max_length=2000),
    ),
))
