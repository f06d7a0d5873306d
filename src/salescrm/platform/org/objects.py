"""Metadata of the organisation objects: users, departments, roles."""

from __future__ import annotations

from salescrm.models import Department, Role, User
from salescrm.platform.metadata import FieldDef, ObjectDef, builtin

USERS = builtin(ObjectDef(
    "users", "Users", "用户", User, owned=False, managed_writes=True,
    fields={f.api_name: f for f in [
        FieldDef("name", "text", "Name", "姓名", required=True, searchable=True, max_length=200),
        FieldDef("email", "email", "Email", "邮箱", required=True, searchable=True),
        FieldDef("mobile", "phone", "Mobile", "手机"),
        FieldDef("department_id", "lookup", "Department", "部门", target="departments"),
        FieldDef("manager_id", "lookup", "Manager", "上级", target="users"),
        FieldDef("locale", "picklist", "Language", "语言", options=("zh-CN", "en"),
                 option_labels={"zh-CN": ("中文", "中文"), "en": ("English", "English")}),
        FieldDef("is_active", "boolean", "Active", "启用", nullable=False),
    ]},
))

DEPARTMENTS = builtin(ObjectDef(
    "departments", "Departments", "部门", Department, owned=False,
    fields={f.api_name: f for f in [
        FieldDef("name", "text", "Name", "名称", required=True, searchable=True, max_length=200),
        FieldDef("parent_id", "lookup", "Parent department", "上级部门", target="departments"),
        FieldDef("head_id", "lookup", "Head", "负责人", target="users"),
    ]},
))

ROLES = builtin(ObjectDef(
    "roles", "Roles", "角色", Role, owned=False, managed_writes=True,
    fields={f.api_name: f for f in [
        FieldDef("key", "text", "Key", "标识", required=True, max_length=64),
        FieldDef("name", "text", "Name", "名称", required=True, searchable=True, max_length=200),
        FieldDef("data_scope", "picklist", "Data scope", "数据范围", required=True,
                 options=("own", "department", "department_and_below", "all"),
                 option_labels={"own": ("Own records", "本人"),
                                "department": ("Department", "本部门"),
                                "department_and_below": ("Department and below",
                                                         "本部门及下级"),
                                "all": ("All", "全部")}),
        FieldDef("permissions", "json", "Object permissions", "对象权限"),
        FieldDef("field_permissions", "json", "Field permissions", "字段权限"),
        FieldDef("builtin", "boolean", "Built-in", "系统内置", readonly=True),
    ]},
))
