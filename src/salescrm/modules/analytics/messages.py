"""Messages of the analytics module, zh-CN and en side by side."""

from salescrm.platform.i18n import register

MESSAGES: dict[str, dict[str, str]] = {
    # Report builder
    "report.unknown_key": {
        "en": "Unknown key “{name}”; allowed: {allowed}.",
        "zh-CN": "未知参数“{name}”；允许的参数：{allowed}。",
    },
    "report.object_required": {
        "en": "Name the object to report on.",
        "zh-CN": "请指定要统计的对象。",
    },
    "report.unknown_object": {
        "en": "Unknown object “{object}”.",
        "zh-CN": "未知对象“{object}”。",
    },
    "report.unknown_field": {
        "en": "Unknown field “{field}”.",
        "zh-CN": "未知字段“{field}”。",
    },
    "report.group_by_list": {
        "en": "Give group_by as a list of field names (at most {max}).",
        "zh-CN": "group_by 必须是字段名列表（最多 {max} 个）。",
    },
    "report.too_many_groups": {
        "en": "At most {max} group-by fields.",
        "zh-CN": "最多按 {max} 个字段分组。",
    },
    "report.group_duplicate": {
        "en": "“{name}” is grouped by twice.",
        "zh-CN": "“{name}”重复分组。",
    },
    "report.not_groupable": {
        "en": "Cannot group by “{field}” (type {type}).",
        "zh-CN": "不能按“{field}”（类型 {type}）分组。",
    },
    "report.bucket_required": {
        "en": "Group a date by one of {buckets}, e.g. “{field}:month”.",
        "zh-CN": "日期分组需指定 {buckets} 之一，例如“{field}:month”。",
    },
    "report.bucket_not_date": {
        "en": "Only date fields are bucketed; “{field}” is of type {type}.",
        "zh-CN": "只有日期字段可以按时间分段；“{field}”的类型是 {type}。",
    },
    "report.bucket_unknown": {
        "en": "Unknown date bucket “{bucket}”; use one of {buckets}.",
        "zh-CN": "未知的时间分段“{bucket}”；可选 {buckets}。",
    },
    "report.measures_list": {
        "en": "Give measures as a list of {{\"field\", \"agg\"}} objects (at most {max}).",
        "zh-CN": "measures 必须是 {{\"field\", \"agg\"}} 对象列表（最多 {max} 个）。",
    },
    "report.agg_unknown": {
        "en": "Unknown aggregation “{agg}”; use one of {aggs}.",
        "zh-CN": "未知的汇总方式“{agg}”；可选 {aggs}。",
    },
    "report.agg_needs_field": {
        "en": "“{agg}” needs a field.",
        "zh-CN": "“{agg}”需要指定字段。",
    },
    "report.agg_type": {
        "en": "Cannot {agg} “{field}”: it is of type {type}.",
        "zh-CN": "不能对“{field}”（类型 {type}）做 {agg} 汇总。",
    },
    "report.masked_field": {
        "en": "“{field}” is masked for you; only count is allowed.",
        "zh-CN": "“{field}”对您是脱敏字段，只能计数。",
    },
    "report.measure_duplicate": {
        "en": "The measure “{name}” appears twice.",
        "zh-CN": "指标“{name}”重复。",
    },
    "report.filters_object": {
        "en": "Give filters as an object, e.g. {{\"status\": \"open\", \"amount__gte\": 1000}}.",
        "zh-CN": "filters 必须是对象，例如 {{\"status\": \"open\", \"amount__gte\": 1000}}。",
    },
    "report.filter_value": {
        "en": "A filter value is a string, number, boolean or a list of them.",
        "zh-CN": "筛选值必须是字符串、数字、布尔值或它们的列表。",
    },
    "report.sort_unknown": {
        "en": "Cannot sort by “{name}”: sort by a group-by field or a measure ({keys}).",
        "zh-CN": "不能按“{name}”排序：只能按分组字段或指标排序（{keys}）。",
    },
    "report.limit": {
        "en": "limit is a whole number from 1 to {max}.",
        "zh-CN": "limit 必须是 1 到 {max} 之间的整数。",
    },
    "report.timezone": {
        "en": "Unknown time zone “{tz}”.",
        "zh-CN": "未知时区“{tz}”。",
    },
    "report.truncated": {
        "en": "Only the first {limit} rows are shown; narrow the filters or raise the limit "
              "(at most {max}).",
        "zh-CN": "仅显示前 {limit} 行；请缩小筛选范围或提高 limit（最多 {max}）。",
    },
    "report.timeout": {
        "en": "The report took longer than {seconds} seconds and was stopped; narrow the "
              "filters or group by fewer fields.",
        "zh-CN": "报表运行超过 {seconds} 秒已被终止；请缩小筛选范围或减少分组字段。",
    },
    "report.format": {
        "en": "format is csv or xlsx.",
        "zh-CN": "format 必须是 csv 或 xlsx。",
    },
    "report.count_label": {"en": "Count", "zh-CN": "记录数"},
    "report.agg_label.count": {"en": "{field} (count)", "zh-CN": "{field}（计数）"},
    "report.agg_label.sum": {"en": "{field} (sum)", "zh-CN": "{field}（合计）"},
    "report.agg_label.avg": {"en": "{field} (average)", "zh-CN": "{field}（平均）"},
    "report.agg_label.min": {"en": "{field} (min)", "zh-CN": "{field}（最小）"},
    "report.agg_label.max": {"en": "{field} (max)", "zh-CN": "{field}（最大）"},
    "report.bucket_label": {"en": "{field} ({bucket})", "zh-CN": "{field}（{bucket}）"},
    "report.bucket.day": {"en": "day", "zh-CN": "日"},
    "report.bucket.week": {"en": "week", "zh-CN": "周"},
    "report.bucket.month": {"en": "month", "zh-CN": "月"},
    "report.bucket.quarter": {"en": "quarter", "zh-CN": "季度"},
    "report.bucket.year": {"en": "year", "zh-CN": "年"},
    # Saved reports and dashboards
    "report.saved_label": {"en": "saved report", "zh-CN": "已保存报表"},
    "report.name_required": {"en": "Give it a name (1–200 characters).",
                             "zh-CN": "请填写名称（1–200 个字符）。"},
    "report.sharing": {
        "en": "sharing is one of private, department, all.",
        "zh-CN": "共享范围必须是 private、department、all 之一。",
    },
    "report.sharing_no_department": {
        "en": "You belong to no department, so the report cannot be shared with one.",
        "zh-CN": "您不属于任何部门，无法共享给部门。",
    },
    "report.not_owner": {
        "en": "Only the owner (or an administrator) may change this.",
        "zh-CN": "只有创建人（或管理员）可以修改。",
    },
    "dashboard.widgets_list": {
        "en": "Give widgets as a list (at most {max}).",
        "zh-CN": "widgets 必须是列表（最多 {max} 个）。",
    },
    "dashboard.widget_type": {
        "en": "Widget type is one of {types}.",
        "zh-CN": "组件类型必须是 {types} 之一。",
    },
    "dashboard.widget_source": {
        "en": "Widget source is one of {sources}.",
        "zh-CN": "组件数据来源必须是 {sources} 之一。",
    },
    "dashboard.widget_report": {
        "en": "A report widget names a saved report (report_id) or carries one (report).",
        "zh-CN": "报表组件需指定已保存的报表（report_id）或内嵌报表定义（report）。",
    },
    "dashboard.builtin_readonly": {
        "en": "A default dashboard cannot be changed; save a copy instead.",
        "zh-CN": "默认仪表盘不能修改，请另存一份。",
    },
    "dashboard.default_sales": {"en": "Sales dashboard", "zh-CN": "销售仪表盘"},
    "dashboard.default_manager": {"en": "Manager dashboard", "zh-CN": "经理仪表盘"},
    "dashboard.w.my_won": {"en": "Won this month", "zh-CN": "本月赢单金额"},
    "dashboard.w.my_target": {"en": "Target attainment", "zh-CN": "目标达成"},
    "dashboard.w.funnel": {"en": "Sales funnel", "zh-CN": "销售漏斗"},
    "dashboard.w.forecast": {"en": "Forecast this quarter", "zh-CN": "本季度预测"},
    "dashboard.w.pipeline_by_stage": {"en": "Open pipeline by stage",
                                      "zh-CN": "各阶段在途商机"},
    "dashboard.w.won_by_month": {"en": "Won amount by month", "zh-CN": "每月赢单金额"},
    "dashboard.w.activities": {"en": "Activities by rep", "zh-CN": "销售跟进次数"},
    "dashboard.w.leaderboard": {"en": "Leaderboard", "zh-CN": "销售排行榜"},
    "dashboard.w.lost_reasons": {"en": "Lost reasons", "zh-CN": "输单原因"},
    "dashboard.w.receivables": {"en": "Receivables ageing", "zh-CN": "应收账龄"},
    # Periods and analytics parameters
    "analytics.date": {
        "en": "A date as YYYY-MM-DD.",
        "zh-CN": "日期格式为 YYYY-MM-DD。",
    },
    "analytics.from_after_to": {
        "en": "“from” ({start}) is after “to” ({end}).",
        "zh-CN": "开始日期（{start}）晚于结束日期（{end}）。",
    },
    "analytics.range_too_long": {
        "en": "The period may span at most {days} days.",
        "zh-CN": "统计区间最长 {days} 天。",
    },
    "analytics.date_range": {
        "en": "Dates must lie between {min} and {max}.",
        "zh-CN": "日期必须在 {min} 与 {max} 之间。",
    },
    "analytics.unknown_param": {
        "en": "Unknown parameter “{param}”.",
        "zh-CN": "未知参数“{param}”。",
    },
    "analytics.by_hidden": {
        "en": "Your role may not see the field “{field}”: choose another grouping.",
        "zh-CN": "您的角色看不到字段“{field}”，请换一种分组方式。",
    },
    "analytics.bad_choice": {
        "en": "Use one of {choices}.",
        "zh-CN": "可选值：{choices}。",
    },
    "analytics.bad_int": {
        "en": "A whole number from {min} to {max}.",
        "zh-CN": "必须是 {min} 到 {max} 之间的整数。",
    },
    "analytics.pipeline_unknown": {
        "en": "No such pipeline.",
        "zh-CN": "销售流程不存在。",
    },
    "analytics.user_unknown": {"en": "No such user, or not yours to see.",
                               "zh-CN": "用户不存在，或您无权查看。"},
    "analytics.department_unknown": {"en": "No such department, or not yours to see.",
                                     "zh-CN": "部门不存在，或您无权查看。"},
    "analytics.product_unknown": {"en": "No such product.", "zh-CN": "产品不存在。"},
    "currency.rate_positive": {"en": "An exchange rate is a number above zero.",
                               "zh-CN": "汇率须为大于零的数。"},
    "currency.is_base": {"en": "{currency} is the company's own currency: it needs no rate.",
                         "zh-CN": "{currency} 是公司本位币，无需汇率。"},
    "currency.rate_exists": {"en": "{currency} has a rate already: change that one.",
                             "zh-CN": "{currency} 已有汇率，请修改现有汇率。"},
    "analytics.period": {
        "en": "A period is a month (2026-11) or a quarter (2026-Q4).",
        "zh-CN": "期间为月份（2026-11）或季度（2026-Q4）。",
    },
    "analytics.not_available": {
        "en": "This report needs the {module} module, which is not installed.",
        "zh-CN": "该报表需要“{module}”模块，当前未安装。",
    },
    "forecast.history_thin": {
        "en": "Fewer than {min} deals of this stage in the last {days} days to learn from: "
              "the stage probability and the deals' own close dates are used instead.",
        "zh-CN": "近 {days} 天该阶段可供学习的商机少于 {min} 个，"
                 "改用阶段赢率和商机的预计成交日期。",
    },
    "forecast.rates_pending": {
        "en": "The observed stage-to-win rates are being computed in the background; the "
              "stage probabilities stand in until then.",
        "zh-CN": "正在后台计算历史阶段赢单率，在此之前使用阶段赢率。",
    },
    # Targets
    "target.subject_type": {"en": "subject_type is user or department.",
                            "zh-CN": "subject_type 必须是 user 或 department。"},
    "target.metric": {"en": "metric is one of {metrics}.",
                      "zh-CN": "metric 必须是 {metrics} 之一。"},
    "target.amount": {"en": "A non-negative amount such as \"100000.00\".",
                      "zh-CN": "金额必须是非负数，例如 \"100000.00\"。"},
    "target.exists": {
        "en": "A target for this subject, metric and period exists already; change it instead.",
        "zh-CN": "该对象在此期间已有该指标的目标，请直接修改。",
    },
    "target.not_allowed": {
        "en": "Only administrators and managers set targets, for the people and departments "
              "they manage.",
        "zh-CN": "只有管理员和经理可以为其管理的人员和部门设置目标。",
    },
    "analytics.backtest_thin": {
        "en": "The history is too thin to backtest: only {with_wins} of the {months} months "
              "replayed ({first} to {last}) had a deal won; at least {needed} are needed, "
              "so the errors would mean nothing.",
        "zh-CN": "历史数据太少，无法回测：回放的 {months} 个月（{first} 至 {last}）中只有 "
                 "{with_wins} 个月有赢单，至少需要 {needed} 个月，否则误差没有意义。",
    },
    "analytics.backtest_history_span": {
        "en": "Deals were won from {start} to {end} in the stage history: replay those "
              "months with --until {until}.",
        "zh-CN": "阶段历史中的赢单时间为 {start} 至 {end}：可用 --until {until} 回放这些月份。",
    },
    "analytics.backtest_no_history": {
        "en": "No deal was ever won in the stage history. Import past deals with their "
              "dates and stage history (an administrator's import with migration=true) "
              "first.",
        "zh-CN": "阶段历史中没有任何赢单。请先导入历史商机及其日期和阶段历史"
                 "（管理员以 migration=true 方式导入）。",
    },
}

register(MESSAGES)
