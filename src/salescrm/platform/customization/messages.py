"""Messages of custom fields, custom objects, validation rules and layouts."""

from salescrm.platform.i18n import register

register({
    "custom.admin_only": {
        "en": "Only an administrator may change the configuration.",
        "zh-CN": "只有管理员可以修改系统配置。",
    },
    "custom.api_name_format": {
        "en": "Use lowercase ASCII letters, digits and single underscores, starting with a "
              "letter (2–{max} characters), e.g. contract_no.",
        "zh-CN": "只能使用小写英文字母、数字和单个下划线，以字母开头（2–{max} 个字符），"
                 "例如 contract_no。",
    },
    "custom.api_name_reserved": {
        "en": "“{name}” is a reserved word.",
        "zh-CN": "“{name}”是保留字，不能使用。",
    },
    "custom.api_name_taken": {
        "en": "“{name}” is already a field of this object.",
        "zh-CN": "该对象已有字段“{name}”。",
    },
    "custom.api_name_deleted": {
        "en": "A deleted field is named “{name}”; restore it instead.",
        "zh-CN": "已删除的字段中有“{name}”，请恢复该字段。",
    },
    "custom.object_taken": {
        "en": "“{name}” is already an object or an API path.",
        "zh-CN": "“{name}”已是对象名或接口路径。",
    },
    "custom.type_unknown": {
        "en": "Type must be one of: {types}.",
        "zh-CN": "类型必须是以下之一：{types}。",
    },
    "custom.label_required": {
        "en": "Give a label (\"label\", or \"labels\" with en and zh-CN).",
        "zh-CN": "请填写标签（\"label\"，或包含 en 与 zh-CN 的 \"labels\"）。",
    },
    "custom.options_required": {
        "en": "A picklist needs a list of distinct options.",
        "zh-CN": "选项列表字段需要一组互不相同的选项。",
    },
    "custom.option_labels": {
        "en": "Each option label must name an option of the field and give its en and/or zh-CN text (up to 100 characters).",
        "zh-CN": "每个选项标签须对应字段中的选项，并给出 en 和/或 zh-CN 文字（不超过 100 字）。",
    },
    "custom.option_removed": {
        "en": "Option “{value}” is in use by the field; deactivate it instead of removing it.",
        "zh-CN": "选项“{value}”不能删除，请改为停用。",
    },
    "custom.default_later": {
        "en": "Set a field's default once the object exists (POST /meta/objects/<object>/fields or PATCH).",
        "zh-CN": "请在对象创建后再设置字段默认值（新增或修改字段）。",
    },
    "custom.inactive_on_create": {
        "en": "A new field starts with every option active; deactivate options later.",
        "zh-CN": "新字段的选项全部启用；请在创建后再停用选项。",
    },
    "custom.options_not_allowed": {
        "en": "Only picklist fields have options.",
        "zh-CN": "只有选项列表字段可以设置选项。",
    },
    "custom.target_unknown": {
        "en": "A lookup names an existing object in \"target\".",
        "zh-CN": "关联字段需要在 \"target\" 中指定一个已存在的对象。",
    },
    "custom.immutable": {
        "en": "This cannot be changed after the field was created.",
        "zh-CN": "字段创建后不能修改此项。",
    },
    "custom.too_many_fields": {
        "en": "An object can have at most {max} custom fields.",
        "zh-CN": "每个对象最多 {max} 个自定义字段。",
    },
    "custom.unique_type": {
        "en": "This type of field cannot be unique.",
        "zh-CN": "该类型的字段不能设为唯一。",
    },
    "custom.unique_duplicates": {
        "en": "Existing records share values of this field; make them distinct first.",
        "zh-CN": "已有记录的该字段值重复，请先消除重复。",
    },
    "custom.restore_expired": {
        "en": "This field was deleted more than {days} days ago and cannot be restored.",
        "zh-CN": "该字段已删除超过 {days} 天，无法恢复。",
    },
    "custom.not_custom": {
        "en": "Built-in fields cannot be changed here.",
        "zh-CN": "内置字段不能在此修改。",
    },
    "custom.title_field": {
        "en": "The record title is one of the object's own text fields (\"field\") or an "
              "auto-number (\"auto_number\", e.g. EQ-{{YYYY}}-{{0000}}).",
        "zh-CN": "记录标题须是该对象自己的一个文本字段（\"field\"）"
                 "或自动编号（\"auto_number\"，例如 EQ-{{YYYY}}-{{0000}}）。",
    },
    "custom.auto_number_format": {
        "en": "An auto-number format is text with one counter such as {{0000}} (its width "
              "in zeros) and, if wanted, {{YYYY}} {{YY}} {{MM}} {{DD}}; at most 100 characters.",
        "zh-CN": "自动编号格式须包含一个计数器，如 {{0000}}（零的个数即位数），"
                 "可选 {{YYYY}} {{YY}} {{MM}} {{DD}}；最多 100 个字符。",
    },
    "custom.auto_number_later": {
        "en": "An auto-number is chosen when the object is created (its records would have "
              "no number); an auto-numbered object may change its format.",
        "zh-CN": "自动编号须在创建对象时选择（已有记录没有编号）；已使用自动编号的对象可以修改格式。",
    },
    "custom.title_kept": {
        "en": "This field is the record title of the object: it stays and stays required.",
        "zh-CN": "该字段是对象的记录标题，不能删除，也必须保持必填。",
    },
    "custom.not_boolean": {"en": "Must be true or false.", "zh-CN": "必须是 true 或 false。"},
    "custom.unknown_key": {"en": "Unknown property.", "zh-CN": "未知属性。"},
    "custom.max_length": {
        "en": "A length between 1 and {max}.",
        "zh-CN": "长度必须在 1 到 {max} 之间。",
    },
    # validation rules
    "rule.message_required": {
        "en": "Give the message in both languages: {{\"en\": …, \"zh-CN\": …}}.",
        "zh-CN": "请提供中英文提示信息：{{\"en\": …, \"zh-CN\": …}}。",
    },
    "rule.object_unknown": {"en": "Unknown object.", "zh-CN": "未知对象。"},
    "rule.too_many": {
        "en": "An object can have at most {max} validation rules.",
        "zh-CN": "每个对象最多 {max} 条校验规则。",
    },
    # layouts
    "layout.groups": {
        "en": "A layout is {{\"groups\": [{{\"key\", \"labels\", \"fields\": [...]}}]}}.",
        "zh-CN": "布局格式为 {{\"groups\": [{{\"key\", \"labels\", \"fields\": [...]}}]}}。",
    },
    "layout.field_twice": {
        "en": "Field “{field}” appears more than once.",
        "zh-CN": "字段“{field}”出现了多次。",
    },
    "layout.stage_only_opportunities": {
        "en": "Layouts per stage exist for opportunities only.",
        "zh-CN": "只有商机可以按阶段设置布局。",
    },
    "layout.stage_unknown": {
        "en": "No pipeline has a stage “{stage}”.",
        "zh-CN": "没有任何销售流程包含阶段“{stage}”。",
    },
})
