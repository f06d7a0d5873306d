"""Messages of the sales module (pipelines, opportunities, products, quotes), zh-CN and en."""

from salescrm.platform.i18n import register

MESSAGES: dict[str, dict[str, str]] = {
    "sales.quantity_invalid": {
        "en": "Must be a number with at most {places} decimals.",
        "zh-CN": "必须是最多 {places} 位小数的数字。",
    },
    "sales.quantity_positive": {
        "en": "Quantity must be greater than 0.",
        "zh-CN": "数量必须大于 0。",
    },
    "sales.price_negative": {
        "en": "Unit price must be 0 or more.",
        "zh-CN": "单价不能为负数。",
    },
    "sales.discount_range": {
        "en": "Discount is a percentage between 0 and 100.",
        "zh-CN": "折扣是 0 到 100 之间的百分比。",
    },
    "sales.too_many_lines": {
        "en": "At most {max} lines.",
        "zh-CN": "最多 {max} 行。",
    },
    "sales.stage_unknown": {
        "en": "“{stage}” is not a stage of this pipeline.",
        "zh-CN": "“{stage}”不是该销售流程中的阶段。",
    },
    "sales.migration_admin_only": {
        "en": "Only an administrator may write a migration (dates and history as given).",
        "zh-CN": "只有管理员可以以迁移方式写入（按原样保留日期和历史）。",
    },
    "sales.history_list": {
        "en": "Give the stage history as a list of {\"stage\", \"entered_at\"}.",
        "zh-CN": "阶段历史必须是 {\"stage\", \"entered_at\"} 组成的列表。",
    },
    "sales.history_before_created": {
        "en": "The deal entered a stage before it was created: give an earlier creation date.",
        "zh-CN": "商机在创建之前就进入了某个阶段：请填写更早的创建日期。",
    },
    "sales.closed_before_created": {
        "en": "The deal cannot close before it was created.",
        "zh-CN": "商机的关闭时间不能早于创建时间。",
    },
    "sales.history_after_current": {
        "en": "Entered after the deal's current stage “{stage}”: the last stage entered is the current one.",
        "zh-CN": "进入时间晚于当前阶段“{stage}”：最后进入的阶段应为当前阶段。",
    },
    "sales.history_closed_mismatch": {
        "en": "The deal was closed on another day than it entered this stage.",
        "zh-CN": "关闭日期与进入该阶段的日期不一致。",
    },
    "sales.date_in_future": {
        "en": "This date is in the future.",
        "zh-CN": "该日期晚于今天。",
    },
    "sales.stage_requires_field": {
        "en": "Required to enter the stage “{stage}”.",
        "zh-CN": "进入阶段“{stage}”前必须填写。",
    },
    "sales.lost_reason_required": {
        "en": "Give the reason the deal was lost.",
        "zh-CN": "请填写输单原因。",
    },
    "sales.stages_list": {
        "en": "Give the stages as a non-empty list.",
        "zh-CN": "阶段必须是非空列表。",
    },
    "sales.stage_key": {
        "en": "A stage key is 1–64 lowercase letters, digits or underscores.",
        "zh-CN": "阶段标识为 1–64 位小写字母、数字或下划线。",
    },
    "sales.stage_key_duplicate": {
        "en": "The stage key “{stage}” appears twice.",
        "zh-CN": "阶段标识“{stage}”重复。",
    },
    "sales.stage_kind": {
        "en": "Kind must be one of open, won, lost.",
        "zh-CN": "类型必须是 open、won、lost 之一。",
    },
    "sales.stage_kinds_missing": {
        "en": "A pipeline needs at least one stage of kind “{kind}”.",
        "zh-CN": "销售流程至少需要一个类型为“{kind}”的阶段。",
    },
    "sales.stage_probability": {
        "en": "Probability is a whole number from 0 to 100.",
        "zh-CN": "赢率必须是 0 到 100 之间的整数。",
    },
    "sales.stage_required_fields": {
        "en": "Required fields must be a list of opportunity fields (unknown: “{name}”).",
        "zh-CN": "必填字段必须是商机字段的列表（未知字段：“{name}”）。",
    },
    "sales.stage_in_use": {
        "en": "The stage “{stage}” still has {count} opportunities; move them first.",
        "zh-CN": "阶段“{stage}”中还有 {count} 个商机，请先移走。",
    },
    "sales.stage_kind_in_use": {
        "en": "The kind of stage “{stage}” cannot change while {count} opportunities are in it.",
        "zh-CN": "阶段“{stage}”中还有 {count} 个商机，不能修改其类型。",
    },
    "sales.default_pipeline_needed": {
        "en": "Another pipeline must be made the default first.",
        "zh-CN": "请先将另一个销售流程设为默认。",
    },
    "sales.pipeline_in_use": {
        "en": "This pipeline still has opportunities, or is the default.",
        "zh-CN": "该销售流程仍有商机，或者是默认流程。",
    },
    "sales.code_taken": {
        "en": "Another product already has the code “{code}”.",
        "zh-CN": "产品编码“{code}”已被其他产品使用。",
    },
    "sales.entry_exists": {
        "en": "This product already has a price in this price book.",
        "zh-CN": "该产品在此价格表中已有价格。",
    },
    "sales.product_no_price": {
        "en": "This product has no price; give a unit price.",
        "zh-CN": "该产品没有价格，请填写单价。",
    },
    "sales.product_inactive": {
        "en": "This product is not active.",
        "zh-CN": "该产品已停用。",
    },
    "sales.quote_locked": {
        "en": "Lines of a quote can only change while it is a draft (it is “{state}”).",
        "zh-CN": "报价单只有在草稿状态下才能修改明细（当前为“{state}”）。",
    },
    "sales.quote_account_mismatch": {
        "en": "The opportunity belongs to another account.",
        "zh-CN": "该商机属于其他客户。",
    },
    "sales.quote_no_lines": {
        "en": "A quote needs at least one line to become an order.",
        "zh-CN": "报价单至少需要一行明细才能转为订单。",
    },
    "sales.quote_converted": {
        "en": "This quote has already become an order.",
        "zh-CN": "该报价单已转为订单。",
    },
    "sales.quote_rejected": {
        "en": "A rejected quote cannot become an order.",
        "zh-CN": "已拒绝的报价单不能转为订单。",
    },
    "sales.orders_unavailable": {
        "en": "Orders are not available on this installation yet.",
        "zh-CN": "本系统暂不支持订单。",
    },
    "sales.kanban_limit": {
        "en": "Give a number of cards per stage from 1 to {max}.",
        "zh-CN": "每个阶段的卡片数必须在 1 到 {max} 之间。",
    },
    "sales.currency": {
        "en": "A currency is a three-letter ISO code such as CNY.",
        "zh-CN": "币种必须是三位 ISO 代码，例如 CNY。",
    },
}

register(MESSAGES)
