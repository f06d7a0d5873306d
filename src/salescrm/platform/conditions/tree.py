"""The condition language shared by validation rules, approval flows and automation.

A condition is a small JSON tree::

    {"all": [cond, …]}   every part holds (an empty list holds)
    {"any": [cond, …]}   at least one part holds (an empty list does not)
    {"not": cond}
    {"field": "amount", "op": "gt", "value": "100000"}

Trees are checked when they are saved (``check``): every field must exist on the
object, every operator must fit the field's type and every value must be a valid
value of that field (a picklist value must be one of its options). Evaluation
(``evaluate``) then works on the record before and after a change, never raises,
and fails closed: anything it cannot decide makes the whole condition answer the
caller's ``on_error`` (False unless the caller asks otherwise).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from salescrm.platform.conditions import messages as _messages  # noqa: F401  (registers)
from salescrm.platform.errors import FieldError, validation_error
from salescrm.platform.metadata import FieldDef, ObjectDef
from salescrm.platform.records.values import ValueInvalid, coerce, parse_datetime

OPS = ("eq", "ne", "gt", "gte", "lt", "lte", "in", "contains", "is_empty", "changed",
       "changed_to")
MAX_DEPTH = 10
MAX_NODES = 200
MAX_IN_VALUES = 500
NUMERIC = {"number", "integer", "money"}
TEMPORAL = {"date", "datetime"}
TEXTUAL = {"text", "textarea", "email", "phone", "url"}
# "today", "today+3", "today-7": dates relative to the day the condition is evaluated.
RELATIVE_DAY = re.compile(r"^today([+-]\d{1,4})?$")
FLAG_OPS = ("is_empty", "changed")


def ops_for(field_type: str) -> tuple[str, ...]:
    """The operators that make sense for a field type, in the order of ``OPS``."""
    allowed = {"eq", "ne", "is_empty", "changed", "changed_to"}
    if field_type in NUMERIC or field_type in TEMPORAL:
        allowed |= {"gt", "gte", "lt", "lte", "in"}
    if field_type in TEXTUAL or field_type in ("picklist", "lookup"):
        allowed |= {"in"}
    if field_type in TEXTUAL or field_type == "multi_picklist":
        allowed |= {"contains"}
    if field_type == "multi_picklist":
        allowed |= {"in"}
    if field_type == "json":
        allowed = {"is_empty", "changed"}
    return tuple(op for op in OPS if op in allowed)


# --- checking at save time ---------------------------------------------------
class _Checker:
    def __init__(self, obj: ObjectDef) -> None:
        self.obj = obj
        self.errors: list[dict[str, Any]] = []
        self.nodes = 0

    def node(self, tree: Any, path: str, depth: int) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            if self.nodes == MAX_NODES + 1:
                self.errors.append(FieldError(path, "condition.too_large", max=MAX_NODES))
            return
        if depth > MAX_DEPTH:
            self.errors.append(FieldError(path, "condition.too_deep", max=MAX_DEPTH))
            return
        if not isinstance(tree, dict) or not tree:
            self.errors.append(FieldError(path, "condition.not_object"))
            return
        for key in ("all", "any"):
            if key in tree:
                self._branch(tree, key, path, depth)
                return
        if "not" in tree:
            if self._only(tree, {"not"}, path):
                self.node(tree["not"], f"{path}.not", depth + 1)
            return
        if "field" in tree or "op" in tree:
            self.leaf(tree, path)
            return
        self.errors.append(FieldError(path, "condition.not_object"))

    def _only(self, tree: dict[str, Any], keys: set[str], path: str) -> bool:
        extra = sorted(str(k)[:40] for k in tree if k not in keys)
        if extra:
            self.errors.append(FieldError(path, "condition.bad_keys", keys=", ".join(extra)))
            return False
        return True

    def _branch(self, tree: dict[str, Any], key: str, path: str, depth: int) -> None:
        if not self._only(tree, {key}, path):
            return
        parts = tree[key]
        if not isinstance(parts, list):
            self.errors.append(FieldError(f"{path}.{key}", "condition.not_list", name=key))
            return
        for i, part in enumerate(parts):
            self.node(part, f"{path}.{key}[{i}]", depth + 1)

    def leaf(self, tree: dict[str, Any], path: str) -> None:
        if not self._only(tree, {"field", "op", "value"}, path):
            return
        name, op = tree.get("field"), tree.get("op")
        f = self.obj.fields.get(name) if isinstance(name, str) else None
        if f is None:
            self.errors.append(FieldError(f"{path}.field", "condition.unknown_field",
                                          field=str(name)[:64]))
            return
        if op not in OPS:
            self.errors.append(FieldError(f"{path}.op", "condition.unknown_op",
                                          op=str(op)[:20], ops=", ".join(OPS)))
            return
        allowed = ops_for(f.type)
        if op not in allowed:
            self.errors.append(FieldError(f"{path}.op", "condition.op_type", op=op,
                                          type=f.type, ops=", ".join(allowed)))
            return
        error = _value_error(f, op, tree)
        if error is not None:
            self.errors.append(FieldError(f"{path}.value", error[0], **error[1]))


def _value_error(f: FieldDef, op: str, leaf: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """What is wrong with a leaf's value for this field and operator, if anything."""
    has_value = "value" in leaf
    value = leaf.get("value")
    if op in FLAG_OPS:
        if has_value and value is not None and not isinstance(value, bool):
            return "condition.value_boolean", {}
        return None
    if op == "in":
        if not isinstance(value, list) or not value or len(value) > MAX_IN_VALUES:
            return "condition.value_list", {"max": MAX_IN_VALUES}
        item_field = _item_field(f)
        for item in value:
            problem = _single_value_error(item_field, item)
            if problem:
                return problem
        return None
    if not has_value or (value is None and op not in ("eq", "ne")):
        return "condition.value_required", {}
    if value is None:
        return None
    if op == "contains":
        if not isinstance(value, str) or not value:
            return "field.type_text", {}
        return _single_value_error(_item_field(f), value) if f.type == "multi_picklist" else None
    if f.type == "multi_picklist" and op in ("eq", "ne", "changed_to"):
        try:
            coerce(f, value)
        except ValueInvalid as exc:
            return exc.key, exc.params
        return None
    return _single_value_error(f, value)


def _item_field(f: FieldDef) -> FieldDef:
    """The field one element of an ``in`` list is checked against."""
    if f.type == "multi_picklist":
        return FieldDef(f.api_name, "picklist", f.label_en, f.label_zh, options=f.options)
    return f


def _single_value_error(f: FieldDef, value: Any) -> tuple[str, dict[str, Any]] | None:
    if f.type in TEMPORAL and isinstance(value, str) and RELATIVE_DAY.match(value.strip()):
        return None
    if value is None:
        return "condition.value_required", {}
    try:
        coerce(f, value)
    except ValueInvalid as exc:
        return exc.key, exc.params
    return None


def check(obj: ObjectDef, tree: Any, path: str = "condition") -> list[dict[str, Any]]:
    """Every problem of a condition tree for ``obj``, each naming its path."""
    checker = _Checker(obj)
    checker.node(tree, path, 1)
    return checker.errors


def require_valid(obj: ObjectDef, tree: Any, path: str = "condition") -> None:
    """Raise a 422 naming each bad part of the tree."""
    errors = check(obj, tree, path)
    if errors:
        raise validation_error(errors)


# --- evaluating ----------------------------------------------------------------
class Undecidable(Exception):
    """A part of the tree cannot be evaluated: the condition fails closed."""


def evaluate(tree: Any, obj: ObjectDef, before: Any, after: Any, *, on_error: bool = False,
             now: datetime | None = None) -> bool:
    """Whether the condition holds for a change from ``before`` to ``after``.

    ``before`` is None for a new record. Records are dicts of JSON values (as the API
    shows them). Never raises: anything undecidable answers ``on_error``.
    """
    try:
        ev = _Evaluator(obj, before if isinstance(before, dict) else None,
                        after if isinstance(after, dict) else {}, now or datetime.now(UTC))
        return ev.node(tree, 0) is True
    except Exception:  # fail closed on anything, including malformed trees and records
        return on_error


class _Evaluator:
    def __init__(self, obj: ObjectDef, before: dict[str, Any] | None, after: dict[str, Any],
                 now: datetime) -> None:
        self.obj = obj
        self.before = before
        self.after = after
        self.now = now if now.tzinfo else now.replace(tzinfo=UTC)

    def node(self, tree: Any, depth: int) -> bool:
        if depth > MAX_DEPTH or not isinstance(tree, dict):
            raise Undecidable
        if "all" in tree:
            return all(self.node(p, depth + 1) for p in _parts(tree["all"]))
        if "any" in tree:
            return any(self.node(p, depth + 1) for p in _parts(tree["any"]))
        if "not" in tree:
            return not self.node(tree["not"], depth + 1)
        return self.leaf(tree)

    def leaf(self, tree: dict[str, Any]) -> bool:
        name, op = tree.get("field"), tree.get("op")
        f = self.obj.fields.get(name) if isinstance(name, str) else None
        if f is None or op not in ops_for(f.type):
            raise Undecidable
        current = self.normal(f, self.after.get(f.api_name))
        if op in FLAG_OPS:
            wanted = tree.get("value")
            wanted = True if wanted is None else wanted
            if not isinstance(wanted, bool):
                raise Undecidable
            if op == "is_empty":
                return _empty(current) == wanted
            return self._changed(f, current) == wanted
        if op == "changed_to":
            return self._changed(f, current) and current == self.expected(f, tree)
        if op == "in":
            values = tree.get("value")
            if not isinstance(values, list):
                raise Undecidable
            wanted_items = [self.normal(_item_field(f), v, relative=True) for v in values]
            if f.type == "multi_picklist":
                return any(item in wanted_items for item in current or [])
            return current is not None and current in wanted_items
        expected = self.expected(f, tree)
        return _compare(op, f, current, expected)

    def expected(self, f: FieldDef, tree: dict[str, Any]) -> Any:
        if "value" not in tree:
            raise Undecidable
        if tree["op"] == "contains" and f.type == "multi_picklist":
            return self.normal(_item_field(f), tree["value"])
        return self.normal(f, tree["value"], relative=True)

    def _changed(self, f: FieldDef, current: Any) -> bool:
        previous = None if self.before is None else self.normal(f, self.before.get(f.api_name))
        return bool(previous != current)

    def normal(self, f: FieldDef, value: Any, relative: bool = False) -> Any:
        """One comparable Python value for a JSON value of field ``f``."""
        if value is None:
            return None
        t = f.type
        if relative and t in TEMPORAL and isinstance(value, str):
            match = RELATIVE_DAY.match(value.strip())
            if match:
                days = int(match.group(1) or 0)
                moment = self.now + timedelta(days=days)
                return moment.date() if t == "date" else moment
        if t in NUMERIC:
            if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
                raise Undecidable
            number = Decimal(str(value).strip())
            if not number.is_finite():
                raise Undecidable
            return number
        if t == "date":
            if isinstance(value, datetime):
                return value.date()
            if isinstance(value, date):
                return value
            if not isinstance(value, str):
                raise Undecidable
            return date.fromisoformat(value.strip()[:10])
        if t == "datetime":
            if isinstance(value, datetime):
                return value if value.tzinfo else value.replace(tzinfo=UTC)
            return parse_datetime(value)
        if t == "boolean":
            if isinstance(value, bool):
                return value
            if isinstance(value, str) and value.lower() in ("true", "false"):
                return value.lower() == "true"
            raise Undecidable
        if t == "multi_picklist":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise Undecidable
            return sorted(set(value))
        if t == "json":
            return value
        if not isinstance(value, str):
            raise Undecidable
        return value.strip().lower() if t == "email" else value.strip()


def _parts(parts: Any) -> list[Any]:
    if not isinstance(parts, list):
        raise Undecidable
    return parts


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _compare(op: str, f: FieldDef, current: Any, expected: Any) -> bool:
    if op == "eq":
        return bool(current == expected)
    if op == "ne":
        return bool(current != expected)
    if op == "contains":
        if current is None:
            return False
        if f.type == "multi_picklist":
            return expected in current
        if not isinstance(expected, str):
            raise Undecidable
        return expected.lower() in current.lower()
    if current is None or expected is None:
        return False  # an empty value is neither greater nor smaller than anything
    if op == "gt":
        return bool(current > expected)
    if op == "gte":
        return bool(current >= expected)
    if op == "lt":
        return bool(current < expected)
    if op == "lte":
        return bool(current <= expected)
    raise Undecidable


def fields_used(tree: Any) -> set[str]:
    """The field names a (checked) tree reads."""
    found: set[str] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if not isinstance(node, dict):
            continue
        if isinstance(node.get("field"), str):
            found.add(node["field"])
        for key in ("all", "any"):
            if isinstance(node.get(key), list):
                stack.extend(node[key])
        if "not" in node:
            stack.append(node["not"])
    return found
