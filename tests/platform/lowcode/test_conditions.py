"""The condition language: checked at save time, evaluated without ever raising."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salescrm.platform.conditions import OPS, check, evaluate, ops_for
from salescrm.platform.metadata import FieldDef, ObjectDef

FIELDS = [
    FieldDef("name", "text", "Name", "名称", required=True),
    FieldDef("notes", "textarea", "Notes", "备注"),
    FieldDef("score", "number", "Score", "评分"),
    FieldDef("seats", "integer", "Seats", "席位"),
    FieldDef("amount", "money", "Amount", "金额"),
    FieldDef("close_date", "date", "Close date", "结单日期"),
    FieldDef("seen_at", "datetime", "Seen at", "时间"),
    FieldDef("vip", "boolean", "VIP", "重要"),
    FieldDef("level", "picklist", "Level", "级别", options=("A", "B", "C")),
    FieldDef("tags", "multi_picklist", "Tags", "标签", options=("x", "y", "z")),
    FieldDef("email", "email", "Email", "邮箱"),
    FieldDef("phone", "phone", "Phone", "电话"),
    FieldDef("site", "url", "Site", "网址"),
    FieldDef("account_id", "lookup", "Account", "客户", target="accounts"),
]
OBJ = ObjectDef("things", "Things", "东西", model=None, fields={f.api_name: f for f in FIELDS})
SAMPLE = {"text": "abc", "textarea": "long text", "number": "12.5", "integer": 3,
          "money": "100000.00", "date": "2026-11-27", "datetime": "2026-11-27T08:00:00+00:00",
          "boolean": True, "picklist": "B", "multi_picklist": ["x", "y"],
          "email": "a@b.cn", "phone": "13800000000", "url": "https://a.cn", "lookup": "id-1"}


def leaf_value(f: FieldDef, op: str) -> Any:
    if op in ("is_empty", "changed"):
        return True
    if op == "in":
        return ["x", "z"] if f.type == "multi_picklist" else [SAMPLE[f.type]]
    if op == "contains":
        return "x" if f.type == "multi_picklist" else "b"
    return SAMPLE[f.type]


@st.composite
def valid_leaf(draw: st.DrawFn) -> dict[str, Any]:
    f = draw(st.sampled_from(FIELDS))
    op = draw(st.sampled_from(ops_for(f.type)))
    return {"field": f.api_name, "op": op, "value": leaf_value(f, op)}


valid_tree = st.recursive(
    valid_leaf(),
    lambda children: st.one_of(
        st.builds(lambda xs: {"all": xs}, st.lists(children, max_size=4)),
        st.builds(lambda xs: {"any": xs}, st.lists(children, max_size=4)),
        st.builds(lambda x: {"not": x}, children),
    ),
    max_leaves=12,
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True)
    | st.text(max_size=20) | st.decimals(allow_nan=True).map(str),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=8,
)
records = st.one_of(
    st.none(), json_values,
    st.dictionaries(st.sampled_from([f.api_name for f in FIELDS] + ["other"]), json_values),
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(tree=valid_tree)
def test_generated_valid_trees_pass_the_save_time_check(tree: dict[str, Any]) -> None:
    assert check(OBJ, tree) == []


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(tree=st.one_of(valid_tree, json_values), before=records, after=records,
       on_error=st.booleans())
def test_evaluation_never_raises_on_any_record_or_tree(tree: Any, before: Any, after: Any,
                                                       on_error: bool) -> None:
    result = evaluate(tree, OBJ, before, after, on_error=on_error)
    assert result is True or result is False


@st.composite
def broken_tree(draw: st.DrawFn) -> tuple[Any, str]:
    """A valid tree with one leaf broken, and the path the error must name."""
    f = draw(st.sampled_from(FIELDS))
    op = draw(st.sampled_from(ops_for(f.type)))
    leaf = {"field": f.api_name, "op": op, "value": leaf_value(f, op)}
    kind = draw(st.sampled_from(["field", "op", "type_op", "value", "shape"]))
    if kind == "field":
        leaf["field"] = draw(st.text(min_size=1, max_size=10).filter(lambda s: s not in OBJ.fields))
        part = "field"
    elif kind == "op":
        leaf["op"] = draw(st.text(max_size=10).filter(lambda s: s not in OPS))
        part = "op"
    elif kind == "type_op":
        wrong = [o for o in OPS if o not in ops_for(f.type)]
        if not wrong:
            leaf = {"field": "vip", "op": "gt", "value": True}
        else:
            leaf["op"] = draw(st.sampled_from(wrong))
        part = "op"
    elif kind == "value":
        leaf = {"field": "level", "op": "eq", "value": draw(
            st.text(max_size=10).filter(lambda s: s.strip() not in ("A", "B", "C", "")))}
        part = "value"
    else:
        leaf = draw(st.sampled_from([[], "x", 3, {"every": []}, {"all": "x"}]))
        part = ""
    depth = draw(st.integers(0, 3))
    tree: Any = leaf
    path = ""
    for _ in range(depth):
        wrapper = draw(st.sampled_from(["all", "any", "not"]))
        if wrapper == "not":
            tree, path = {"not": tree}, ".not" + path
        else:
            tree, path = {wrapper: [valid_example(), tree]}, f".{wrapper}[1]" + path
    full = "condition" + path + (f".{part}" if part else "")
    return tree, full


def valid_example() -> dict[str, Any]:
    return {"field": "amount", "op": "gt", "value": "100"}


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(case=broken_tree())
def test_invalid_trees_are_rejected_naming_the_path(case: tuple[Any, str]) -> None:
    tree, path = case
    errors = check(OBJ, tree)
    assert errors, tree
    assert any(e["field"].startswith(path) for e in errors), (errors, path)


def test_operators_follow_the_field_type() -> None:
    assert check(OBJ, {"field": "vip", "op": "gt", "value": True})[0]["field"] == "condition.op"
    assert check(OBJ, {"field": "amount", "op": "contains", "value": "1"})
    assert check(OBJ, {"field": "amount", "op": "gt", "value": "abc"})[0]["field"] == (
        "condition.value")
    assert check(OBJ, {"field": "tags", "op": "contains", "value": "nope"})
    assert check(OBJ, {"field": "score", "op": "in", "value": []})
    assert check(OBJ, {"field": "name", "op": "eq"})[0]["code"] == "condition.value_required"
    assert check(OBJ, {"all": [], "extra": 1})[0]["code"] == "condition.bad_keys"
    deep: Any = valid_example()
    for _ in range(12):
        deep = {"not": deep}
    assert check(OBJ, deep)[0]["code"] == "condition.too_deep"


def test_evaluation_semantics() -> None:
    big = {"any": [{"field": "amount", "op": "gt", "value": "100000"},
                   {"field": "score", "op": "gte", "value": 20}]}
    assert evaluate(big, OBJ, None, {"amount": "100000.01"})
    assert evaluate(big, OBJ, None, {"amount": "1.00", "score": "20"})
    assert not evaluate(big, OBJ, None, {"amount": "100000.00", "score": None})
    assert evaluate({"not": big}, OBJ, None, {"amount": "5.00"})
    stage = {"field": "level", "op": "changed_to", "value": "C"}
    assert evaluate(stage, OBJ, {"level": "B"}, {"level": "C"})
    assert not evaluate(stage, OBJ, {"level": "C"}, {"level": "C"})
    assert evaluate(stage, OBJ, None, {"level": "C"})
    assert evaluate({"field": "tags", "op": "contains", "value": "y"}, OBJ, None,
                    {"tags": ["x", "y"]})
    assert evaluate({"field": "tags", "op": "in", "value": ["z", "y"]}, OBJ, None,
                    {"tags": ["y"]})
    assert evaluate({"field": "name", "op": "contains", "value": "HUA"}, OBJ, None,
                    {"name": "华为 Huawei"})
    assert evaluate({"field": "notes", "op": "is_empty"}, OBJ, None, {"notes": ""})
    assert evaluate({"field": "close_date", "op": "lt", "value": "today"}, OBJ, None,
                    {"close_date": "2000-01-01"})
    assert evaluate({"all": []}, OBJ, None, {}) and not evaluate({"any": []}, OBJ, None, {})


def test_undecidable_conditions_fail_closed_or_as_asked() -> None:
    wrong_type = {"field": "amount", "op": "gt", "value": "1"}
    assert evaluate(wrong_type, OBJ, None, {"amount": {"a": 1}}) is False
    assert evaluate(wrong_type, OBJ, None, {"amount": {"a": 1}}, on_error=True) is True
    # Negation does not turn an undecidable part into a match.
    assert evaluate({"not": wrong_type}, OBJ, None, {"amount": [1]}) is False
    assert evaluate({"field": "gone", "op": "eq", "value": 1}, OBJ, None, {"gone": 1}) is False
