"""Messages of contracts, orders, invoices and payments, in zh-CN and en."""

from salescrm.platform.i18n import register

register({
    # Status names inside messages
    "orders.status.draft": {"en": "draft", "zh-CN": "草稿"},
    "orders.status.submitted": {"en": "submitted", "zh-CN": "审批中"},
    "orders.status.approved": {"en": "approved", "zh-CN": "已审批"},
    "orders.status.rejected": {"en": "rejected", "zh-CN": "已驳回"},
    "orders.status.fulfilled": {"en": "fulfilled", "zh-CN": "已履约"},
    "orders.status.cancelled": {"en": "cancelled", "zh-CN": "已取消"},
    "contracts.status.draft": {"en": "draft", "zh-CN": "草稿"},
    "contracts.status.active": {"en": "active", "zh-CN": "执行中"},
    "contracts.status.expired": {"en": "expired", "zh-CN": "已到期"},
    "contracts.status.terminated": {"en": "terminated", "zh-CN": "已终止"},
    "invoices.status.requested": {"en": "requested", "zh-CN": "已申请"},
    "invoices.status.issued": {"en": "issued", "zh-CN": "已开具"},
    "invoices.status.voided": {"en": "voided", "zh-CN": "已作废"},
    "orders.bad_transition": {
        "en": "An order that is {current} cannot become {target}.",
        "zh-CN": "订单当前状态为“{current}”，不能变为“{target}”。",
    },
    "orders.status_by_approval": {
        "en": "Submit the order for approval instead of setting its status to {target}.",
        "zh-CN": "请提交审批，不能直接把订单状态改为“{target}”。",
    },
    "orders.create_as_draft": {
        "en": "A new order starts as a draft.",
        "zh-CN": "新订单只能是草稿状态。",
    },
    "orders.locked": {
        "en": "An order that is {state} cannot be changed.",
        "zh-CN": "订单状态为“{state}”，不能修改。",
    },
    "orders.lines_locked": {
        "en": "Lines can only be changed while the order is a draft (it is {state}).",
        "zh-CN": "只有草稿订单可以修改明细（当前状态：{state}）。",
    },
    "orders.no_lines": {
        "en": "Add at least one line before submitting the order.",
        "zh-CN": "提交审批前请至少添加一条订单明细。",
    },
    "orders.has_payments": {
        "en": "This order has payments ({paid}); it cannot be cancelled.",
        "zh-CN": "该订单已有回款（{paid}），不能取消。",
    },
    "orders.contract_account": {
        "en": "The contract belongs to another account.",
        "zh-CN": "该合同属于其他客户。",
    },
    "orders.number_taken": {
        "en": "The number {number} is already used.",
        "zh-CN": "编号 {number} 已被使用。",
    },
    "orders.unit_price_unknown": {
        "en": "Give a unit price (the product has no list price).",
        "zh-CN": "请填写单价（该产品没有标准价格）。",
    },
    "orders.target_required": {
        "en": "Give an order or a contract.",
        "zh-CN": "请指定订单或合同。",
    },
    "orders.target_mismatch": {
        "en": "The order does not belong to this contract.",
        "zh-CN": "该订单不属于此合同。",
    },
    "orders.not_payable": {
        "en": "An order that is {state} takes no payments or invoices.",
        "zh-CN": "订单状态为“{state}”，不能登记回款或开票。",
    },
    "orders.not_payable_draft": {
        "en": "An order that is {state} takes no payments or invoices: submit it for "
        "approval first; money is booked once it is approved.",
        "zh-CN": "订单状态为“{state}”，不能登记回款或开票：请先提交审批，审批通过后再登记。",
    },
    "contracts.not_payable": {
        "en": "A contract that is {state} takes no payments or invoices (an active or "
        "expired one does).",
        "zh-CN": "合同状态为“{state}”，不能登记回款或开票（仅执行中或已到期的合同可以）。",
    },
    "orders.dates_order": {
        "en": "The end date is before the start date.",
        "zh-CN": "结束日期早于开始日期。",
    },
    "payments.overpaid": {
        "en": "This payment would exceed the total by {excess} (still receivable: {receivable}). "
        "Send allow_overpayment=true to record it anyway.",
        "zh-CN": "本次回款将超出总额 {excess}（当前应收：{receivable}）。"
        "如确需登记，请传 allow_overpayment=true。",
    },
    "payments.plans_exceed_total": {
        "en": "Planned amounts would exceed the total by {excess}.",
        "zh-CN": "回款计划金额合计将超出总额 {excess}。",
    },
    "orders.target_fixed": {
        "en": "The order or contract cannot change; delete this record and create it again.",
        "zh-CN": "所属订单或合同不能修改，请删除后重新创建。",
    },
    "invoices.exceeds_total": {
        "en": "Invoiced amounts would exceed the total by {excess} (still invoiceable: "
        "{available}).",
        "zh-CN": "开票金额合计将超出总额 {excess}（可开票余额：{available}）。",
    },
    "invoices.tax_number_required": {
        "en": "A special VAT invoice needs the buyer's taxpayer ID.",
        "zh-CN": "增值税专用发票必须填写纳税人识别号。",
    },
    "invoices.bad_transition": {
        "en": "An invoice that is {current} cannot become {target}.",
        "zh-CN": "发票当前状态为“{current}”，不能变为“{target}”。",
    },
    "invoices.issued_no_delete": {
        "en": "An issued invoice cannot be deleted; void it instead.",
        "zh-CN": "已开具的发票不能删除，请作废。",
    },
    "invoices.locked": {
        "en": "Only a requested invoice can be changed (this one is {state}).",
        "zh-CN": "只有“已申请”的发票可以修改（当前状态：{state}）。",
    },
    "notify.plan_overdue.title": {
        "en": "Payment overdue: {amount} due {due_date}",
        "zh-CN": "回款逾期：{amount}，应于 {due_date} 回款",
    },
    "notify.plan_overdue.body": {
        "en": "{paid} of {amount} received so far.",
        "zh-CN": "已回款 {paid} / 计划 {amount}。",
    },
})
