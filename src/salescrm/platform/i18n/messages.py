"""Platform messages: every key in both zh-CN and en."""

MESSAGES: dict[str, dict[str, str]] = {
    # Problem titles, by status
    "problem.400": {"en": "Malformed request", "zh-CN": "请求格式错误"},
    "problem.401": {"en": "Not signed in", "zh-CN": "未登录"},
    "problem.403": {"en": "Not allowed", "zh-CN": "无权操作"},
    "problem.404": {"en": "Not found", "zh-CN": "未找到"},
    "problem.405": {"en": "Method not allowed", "zh-CN": "不支持该请求方法"},
    "problem.409": {"en": "Conflict", "zh-CN": "冲突"},
    "problem.413": {"en": "Request too large", "zh-CN": "请求过大"},
    "problem.415": {"en": "Unsupported media type", "zh-CN": "不支持的内容类型"},
    "problem.422": {"en": "Invalid data", "zh-CN": "数据校验失败"},
    "problem.429": {"en": "Too many attempts", "zh-CN": "尝试次数过多"},
    "problem.500": {"en": "Internal error", "zh-CN": "服务器内部错误"},
    "problem.503": {"en": "Busy, try again", "zh-CN": "系统繁忙，请重试"},
    "error.busy": {
        "en": "The system is busy right now; nothing was saved. Try again in a moment.",
        "zh-CN": "系统正忙，请稍后重试（未保存任何改动）。",
    },
    # Details
    "error.malformed_json": {
        "en": "The request body is not valid JSON.",
        "zh-CN": "请求体不是合法的 JSON。",
    },
    "error.json_required": {
        "en": "Send the body as JSON (Content-Type: application/json).",
        "zh-CN": "请以 JSON 格式发送请求体（Content-Type: application/json）。",
    },
    "error.body_not_object": {
        "en": "The request body must be a JSON object.",
        "zh-CN": "请求体必须是 JSON 对象。",
    },
    "error.not_found": {
        "en": "No such record, or you cannot see it.",
        "zh-CN": "记录不存在，或您无权查看。",
    },
    "error.route_not_found": {"en": "No such endpoint.", "zh-CN": "接口不存在。"},
    "error.method_not_allowed": {
        "en": "This endpoint does not accept {method}.",
        "zh-CN": "该接口不支持 {method} 请求。",
    },
    "error.unknown_object": {"en": "Unknown object “{object}”.", "zh-CN": "未知对象“{object}”。"},
    "error.not_authenticated": {
        "en": "Sign in, or send a valid bearer token.",
        "zh-CN": "请登录，或提供有效的访问令牌。",
    },
    "error.bad_credentials": {
        "en": "Wrong email or password.",
        "zh-CN": "邮箱或密码错误。",
    },
    "error.login_throttled": {
        "en": "Too many failed sign-ins for this account. Try again in {minutes} minutes.",
        "zh-CN": "该账号登录失败次数过多，请 {minutes} 分钟后再试。",
    },
    "error.csrf": {
        "en": "Missing or wrong CSRF token (header {header}).",
        "zh-CN": "缺少或错误的 CSRF 令牌（请求头 {header}）。",
    },
    "error.scope_missing": {
        "en": "This API token lacks the scope “{scope}” this endpoint needs.",
        "zh-CN": "该 API 令牌缺少此接口所需的权限范围“{scope}”。",
    },
    "auth.scope_unknown": {
        "en": "“{scope}” is not a scope (e.g. accounts:read, *:write, admin, tokens, *).",
        "zh-CN": "“{scope}”不是有效的权限范围（例如 accounts:read、*:write、admin、tokens、*）。",
    },
    "auth.scope_exceeds": {
        "en": "A token cannot grant more than your own credentials hold: {scope}.",
        "zh-CN": "新令牌的权限不能超过您当前凭据的权限：{scope}。",
    },
    "error.owner_side_only": {
        "en": "Only the owner, their managers or an administrator may give this {object} "
              "record to someone else.",
        "zh-CN": "只有负责人、其上级或管理员可以转移此{object}记录。",
    },
    "error.forbidden_action": {
        "en": "You may not {action} {object}.",
        "zh-CN": "您没有对“{object}”执行“{action}”的权限。",
    },
    "error.signup_disabled": {
        "en": "Sign-up is disabled on this installation.",
        "zh-CN": "本系统未开放注册。",
    },
    "error.validation": {
        "en": "Some fields are invalid.",
        "zh-CN": "部分字段不合法。",
    },
    "error.stale_version": {
        "en": "Someone else changed this record (your version {sent}, current {current}). "
        "Reload and apply your change again.",
        "zh-CN": "该记录已被他人修改（您的版本 {sent}，当前版本 {current}），请刷新后重新修改。",
    },
    "error.version_required": {
        "en": "Send the record's current version.",
        "zh-CN": "请提供记录的当前版本号。",
    },
    "error.duplicate": {
        "en": "A record with the same {field} already exists.",
        "zh-CN": "已存在{field}相同的记录。",
    },
    "error.not_deleted": {
        "en": "This record is not in the recycle bin.",
        "zh-CN": "该记录不在回收站中。",
    },
    "error.in_use": {
        "en": "This record is still referenced by other records.",
        "zh-CN": "该记录仍被其他记录引用。",
    },
    # Field-level validation
    "field.required": {"en": "This field is required.", "zh-CN": "此字段必填。"},
    "field.unknown": {"en": "Unknown field.", "zh-CN": "未知字段。"},
    "field.readonly": {"en": "This field cannot be changed.", "zh-CN": "此字段不可修改。"},
    "field.too_long": {
        "en": "At most {max} characters.",
        "zh-CN": "最多 {max} 个字符。",
    },
    "field.type_text": {"en": "Must be text.", "zh-CN": "必须是文本。"},
    "field.type_number": {"en": "Must be a number.", "zh-CN": "必须是数字。"},
    "field.type_integer": {"en": "Must be a whole number.", "zh-CN": "必须是整数。"},
    "field.type_money": {
        "en": "Must be an amount such as \"12500.00\" (at most 2 decimals).",
        "zh-CN": "必须是金额，例如 \"12500.00\"（最多两位小数）。",
    },
    "field.type_boolean": {"en": "Must be true or false.", "zh-CN": "必须是 true 或 false。"},
    "field.type_date": {"en": "Must be a date YYYY-MM-DD.", "zh-CN": "必须是日期，格式 YYYY-MM-DD。"},
    "field.type_datetime": {
        "en": "Must be an ISO 8601 date and time.",
        "zh-CN": "必须是 ISO 8601 日期时间。",
    },
    "field.type_email": {"en": "Must be an email address.", "zh-CN": "必须是邮箱地址。"},
    "field.type_url": {"en": "Must be a web address (http/https).", "zh-CN": "必须是网址（http/https）。"},
    "field.type_phone": {"en": "Must be a phone number.", "zh-CN": "必须是电话号码。"},
    "field.type_list": {"en": "Must be a list.", "zh-CN": "必须是列表。"},
    "field.option": {
        "en": "“{value}” is not one of the allowed values.",
        "zh-CN": "“{value}”不在可选值中。",
    },
    "field.lookup": {
        "en": "No such {target} record, or you cannot see it.",
        "zh-CN": "关联的{target}记录不存在，或您无权查看。",
    },
    "field.out_of_range": {
        "en": "Must be between {min} and {max}.",
        "zh-CN": "必须在 {min} 与 {max} 之间。",
    },
    "field.at_least": {"en": "Must be at least {min}.", "zh-CN": "不能小于 {min}。"},
    "field.at_most": {"en": "Must be at most {max}.", "zh-CN": "不能大于 {max}。"},
    "field.unique": {
        "en": "This value is already used by another record.",
        "zh-CN": "该值已被其他记录使用。",
    },
    # List parameters
    "query.bad_cursor": {"en": "This cursor is not valid.", "zh-CN": "分页游标无效。"},
    "query.bad_limit": {
        "en": "limit must be between 1 and {max}.",
        "zh-CN": "limit 必须在 1 到 {max} 之间。",
    },
    "query.bad_sort": {
        "en": "Cannot sort by “{field}”.",
        "zh-CN": "不能按“{field}”排序。",
    },
    "query.bad_filter": {
        "en": "Unknown filter “{param}”.",
        "zh-CN": "未知的筛选条件“{param}”。",
    },
    "query.bad_operator": {
        "en": "Operator “{op}” does not apply to this field.",
        "zh-CN": "运算符“{op}”不适用于该字段。",
    },
    "query.bad_value": {
        "en": "“{value}” is not a valid value here.",
        "zh-CN": "“{value}”不是合法的值。",
    },
    # Organisation
    "org.role_unknown": {"en": "Unknown role “{role}”.", "zh-CN": "未知角色“{role}”。"},
    "org.email_taken": {
        "en": "This email is already registered.",
        "zh-CN": "该邮箱已被注册。",
    },
    "org.department_cycle": {
        "en": "A department cannot be placed under itself.",
        "zh-CN": "部门不能挂在自身或其下级部门之下。",
    },
    "org.password_common": {
        "en": "This password is one of the most common ones: choose another.",
        "zh-CN": "该密码过于常见，请换一个。",
    },
    "org.password_has_name": {
        "en": "The password must not contain your email name.",
        "zh-CN": "密码不能包含邮箱用户名。",
    },
    "org.current_password": {
        "en": "Your current password is needed to set a new one.",
        "zh-CN": "修改密码需要提供当前密码。",
    },
    "org.current_password_wrong": {
        "en": "Your current password is not right.",
        "zh-CN": "当前密码不正确。",
    },
    "org.password_same": {
        "en": "Choose a password different from the one you were given.",
        "zh-CN": "新密码不能与原密码相同。",
    },
    "auth.password_change_required": {
        "en": "Set a new password first: the one you signed in with was given to you. "
            "Until then nothing else can be saved.",
        "zh-CN": "请先设置新密码：您登录所用的是他人为您生成的初始密码，修改之前无法保存其他内容。",
    },
    "org.password_short": {
        "en": "At least 8 characters.",
        "zh-CN": "至少 8 个字符。",
    },
    "org.data_scope": {
        "en": "One of own, department, department_and_below, all.",
        "zh-CN": "取值为 own、department、department_and_below、all 之一。",
    },
    "org.manager_cycle": {
        "en": "A user cannot report to themselves or to someone who reports to them.",
        "zh-CN": "用户不能以自己或自己的下属为上级。",
    },
}
