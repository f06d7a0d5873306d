"""Import messages, zh-CN and en."""

from salescrm.platform.i18n import register

register({
    # Upload
    "import.unknown_object": {"en": "Unknown object “{object}”.",
                              "zh-CN": "未知对象“{object}”。"},
    "import.file_required": {"en": "Attach a CSV or XLSX file.",
                             "zh-CN": "请上传 CSV 或 XLSX 文件。"},
    "import.file_empty": {"en": "The file is empty.", "zh-CN": "文件是空的。"},
    "import.file_too_large": {"en": "The file is larger than {max_mb} MB.",
                              "zh-CN": "文件超过 {max_mb} MB。"},
    "import.too_large": {"en": "The spreadsheet is too large to import.",
                         "zh-CN": "电子表格过大，无法导入。"},
    "import.too_many_cells": {
        "en": "The spreadsheet has more than {max_cells} cells (rows × columns): split it "
              "into several files or save it as CSV.",
        "zh-CN": "电子表格超过 {max_cells} 个单元格（行 × 列）：请拆分为多个文件，或另存为 CSV。"},
    "import.unzipped_too_large": {
        "en": "The spreadsheet unpacks to more than {max_mb} MB (part {part}): split it into "
              "several files or save it as CSV.",
        "zh-CN": "电子表格解压后超过 {max_mb} MB（部件 {part}）：请拆分为多个文件，或另存为 CSV。"},
    "import.zip_ratio": {
        "en": "Part {part} of the spreadsheet is compressed more than {max_ratio} to 1, "
              "which a real spreadsheet never is.",
        "zh-CN": "电子表格的部件 {part} 压缩比超过 {max_ratio}:1，不是正常的电子表格。"},
    "import.sheet_limits": {
        "en": "Reading the spreadsheet needed more than {max_mb} MB of memory or {max_seconds} "
              "seconds: split it into several files or save it as CSV.",
        "zh-CN": "读取该电子表格需要超过 {max_mb} MB 内存或 {max_seconds} 秒：请拆分为多个文件，"
                 "或另存为 CSV。"},
    "import.unknown_encoding": {
        "en": "The text encoding is not recognised: save the file as UTF-8 or GBK CSV.",
        "zh-CN": "无法识别文件编码：请另存为 UTF-8 或 GBK 编码的 CSV。"},
    "import.unreadable_spreadsheet": {"en": "The spreadsheet cannot be read.",
                                      "zh-CN": "无法读取该电子表格。"},
    "import.no_header": {"en": "The file has no header row.",
                         "zh-CN": "文件缺少表头行。"},
    "import.bad_mode": {"en": "Mode must be insert or upsert.",
                        "zh-CN": "导入方式必须是 insert（新增）或 upsert（新增或更新）。"},
    "import.bad_mapping": {
        "en": "The mapping must be a JSON object of “file column”: “field”.",
        "zh-CN": "字段映射必须是 JSON 对象，格式为 “文件列”: “字段”。"},
    "import.bad_date_formats": {
        "en": "Date formats must be a JSON object of “file column”: “format”.",
        "zh-CN": "日期格式必须是 JSON 对象，格式为 “文件列”: “格式”。"},
    "import.bad_date_format": {
        "en": "Column “{column}”: unknown date format; choose one of: {formats}.",
        "zh-CN": "“{column}”列：未知日期格式，可选：{formats}。"},
    "import.not_a_date_column": {
        "en": "Column “{column}” is not mapped to a date field.",
        "zh-CN": "“{column}”列没有映射到日期字段。"},
    "import.column_missing": {"en": "The file has no column “{column}”.",
                              "zh-CN": "文件中没有“{column}”列。"},
    "import.unknown_target": {"en": "Column “{column}”: no field “{field}”.",
                              "zh-CN": "“{column}”列：字段“{field}”不存在。"},
    "import.readonly_target": {"en": "Column “{column}”: field “{field}” cannot be written.",
                               "zh-CN": "“{column}”列：字段“{field}”不可写入。"},
    "import.nothing_mapped": {"en": "No column of the file is mapped to a field.",
                              "zh-CN": "文件中没有任何列映射到字段。"},
    "import.key_required": {"en": "Upsert needs a key field that identifies a record.",
                            "zh-CN": "“新增或更新”需要指定用于匹配记录的关键字段。"},
    "import.key_unmapped": {"en": "No column is mapped to the key field “{field}”.",
                            "zh-CN": "没有列映射到关键字段“{field}”。"},
    "import.bad_key": {"en": "Field “{field}” cannot identify a record.",
                       "zh-CN": "字段“{field}”不能用于匹配记录。"},
    "import.required_unmapped": {"en": "Required field “{field}” is not mapped to a column.",
                                 "zh-CN": "必填字段“{field}”没有映射到任何列。"},
    "import.unknown_template": {"en": "Unknown template; choose one of: {templates}.",
                                "zh-CN": "未知模板，可选：{templates}。"},
    "import.unknown_mapping": {"en": "No saved mapping with this id.",
                               "zh-CN": "没有该编号的已保存映射。"},
    "import.bad_flag": {"en": "Must be true or false.", "zh-CN": "必须是 true 或 false。"},
    "import.bad_system": {"en": "Up to 40 letters, digits, _ or -.",
                          "zh-CN": "最多 40 个字母、数字、下划线或连字符。"},
    # Notes on the whole file
    "import.column_ignored": {"en": "Column “{column}” is not mapped and was ignored.",
                              "zh-CN": "“{column}”列未映射，已忽略。"},
    # Rows
    "import.date_unreadable": {
        "en": "“{value}” is not a date in the format {format}.",
        "zh-CN": "“{value}”不是 {format} 格式的日期。"},
    "import.date_ambiguous": {
        "en": "“{value}” can be read as day/month or month/day: choose this column's "
              "date format.",
        "zh-CN": "“{value}”既可理解为日/月也可理解为月/日，请为该列选择日期格式。"},
    "import.option_unknown": {"en": "“{value}” is not one of: {options}.",
                              "zh-CN": "“{value}”不是可选值，可选：{options}。"},
    "import.duplicate_in_file": {
        "en": "Same {field} as row {row} of this file (duplicate check).",
        "zh-CN": "{field}与本文件第 {row} 行相同（查重）。"},
    "import.duplicate_existing": {
        "en": "A record with the same {field} already exists (duplicate check).",
        "zh-CN": "已存在{field}相同的记录（查重）。"},
    "import.lookup_not_found": {"en": "No {target} “{value}” found.",
                                "zh-CN": "未找到{target}“{value}”。"},
    "import.lookup_ambiguous": {
        "en": "Several {target} are called “{value}”: use the id instead.",
        "zh-CN": "有多条名为“{value}”的{target}，请改用编号。"},
    "import.already_imported": {
        "en": "A record with source id “{external_id}” was imported before.",
        "zh-CN": "来源编号为“{external_id}”的记录之前已导入。"},
    "import.external_id_in_file": {"en": "Source id already used in row {row}.",
                                   "zh-CN": "来源编号与第 {row} 行重复。"},
    "import.key_in_file": {"en": "Same key as row {row} of this file.",
                           "zh-CN": "关键字段与本文件第 {row} 行相同。"},
    "import.key_ambiguous": {"en": "Several records have the key “{value}”.",
                             "zh-CN": "有多条记录的关键字段为“{value}”。"},
    "import.id_not_found": {"en": "No record with id “{value}”.",
                            "zh-CN": "没有编号为“{value}”的记录。"},
    "import.row_rejected": {"en": "The database refused this row: {reason}",
                            "zh-CN": "数据库拒绝了该行：{reason}"},
    # Job
    "import.header_changed": {"en": "The file's header row is not the one checked on upload.",
                              "zh-CN": "文件表头与上传时检查的不一致。"},
    "import.uploader_gone": {"en": "The user who uploaded the file no longer exists.",
                             "zh-CN": "上传该文件的用户已不存在。"},
    "import.crashed": {"en": "The import stopped unexpectedly: {reason}",
                       "zh-CN": "导入意外中止：{reason}"},
    "import.bad_offset": {"en": "Must be a whole number, 0 or more.",
                          "zh-CN": "必须是大于或等于 0 的整数。"},
    "import.admins_only": {"en": "Only administrators may import {object}.",
                           "zh-CN": "只有管理员可以导入{object}。"},
    "import.passwords_gone": {
        "en": "The first passwords were downloaded already; they are handed out once. "
              "Reset the password of a user who did not get theirs.",
        "zh-CN": "初始密码已下载过，只提供一次。未收到密码的用户请重置其密码。"},
    "import.csv_name": {"en": "Name", "zh-CN": "姓名"},
    "import.csv_email": {"en": "Email", "zh-CN": "邮箱"},
    "import.csv_password": {"en": "First password", "zh-CN": "初始密码"},
    # Saved mappings
    "import.mapping_name_required": {"en": "Give the mapping a name.",
                                     "zh-CN": "请为映射命名。"},
    "import.mapping_exists": {"en": "A mapping with this name already exists.",
                              "zh-CN": "同名映射已存在。"},
    # errors.csv
    "import.csv_row": {"en": "Row", "zh-CN": "行号"},
    "import.csv_field": {"en": "Field", "zh-CN": "字段"},
    "import.csv_message": {"en": "Error", "zh-CN": "错误"},
})
