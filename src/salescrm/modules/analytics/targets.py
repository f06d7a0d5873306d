"""Sales targets (销售目标): amounts per rep and per department for a month or a
quarter; attainment, gap and a leaderboard.

- A department's target is the one set on it, else the roll-up of its members' and
  sub-departments' targets (``target_source`` says which).
- A quarter without a quarterly target takes the sum of its months' targets.
- ``won_amount`` counts opportunities won in the period, ``paid_amount`` payments
  received in it; both within the caller's data scope.
- Administrators set any target; managers set targets for the people and
  departments under them; reps read their own.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import func, select

from salescrm.models import Department, Opportunity, Payment, SalesTarget, User
from salescrm.modules.analytics.currency import Currencies, currencies
from salescrm.modules.analytics.funnel import money, ratio
from salescrm.modules.analytics.params import Period, Query, month_bounds, parse_named_period
from salescrm.modules.analytics.sql import guarded
from salescrm.platform.definitions import Definitions, check_sent_version
from salescrm.platform.errors import (
    FieldError,
    ProblemError,
    body_object,
    not_found,
    validation_error,
)
from salescrm.platform.permissions import Withheld
from salescrm.platform.permissions.field_levels import visible_value
from salescrm.platform.records.service import base_criteria
from salescrm.platform.tenancy import Context

METRICS = ("won_amount", "paid_amount")
# The money field each metric sums (withheld from a caller who may not read it in full).
METRIC_FIELDS = {"won_amount": ("opportunities", "amount"), "paid_amount": ("payments", "amount")}
# Figures that tell the actual: with the actual withheld, they are too.
ACTUAL_FIGURES = ("actual", "attainment", "gap")
SUBJECTS = ("user", "department")
ZERO = Decimal(0)
MAX_AMOUNT = Decimal("9999999999999999.99")


# --- who may see and set what -------------------------------------------------------
def _tree(ctx: Context) -> tuple[dict[str, Any], dict[str | None, list[str]]]:
    depts = {d.id: d for d in ctx.session.execute(
        select(Department.id, Department.name, Department.parent_id)
        .where(Department.deleted_at.is_(None)))}
    children: dict[str | None, list[str]] = defaultdict(list)
    for d in depts.values():
        children[d.parent_id].append(d.id)
    return depts, children


def _below(children: dict[str | None, list[str]], root: str) -> list[str]:
    out, stack = [], [root]
    while stack:
        d = stack.pop()
        if d not in out:
            out.append(d)
            stack.extend(children.get(d, []))
    return out


def visible_subjects(ctx: Context) -> tuple[set[str] | None, set[str] | None]:
    """(user ids, department ids) whose figures the caller sees; None = all."""
    scope = ctx.permissions.data_scope
    if scope == "all":
        return None, None
    if scope == "own":
        return {ctx.user.id}, set()
    users = set(ctx.permissions.visible_owner_ids or ()) | {ctx.user.id}
    if ctx.user.department_id is None:
        return users, set()
    _depts, children = _tree(ctx)
    if scope == "department":
        return users, {ctx.user.department_id}
    return users, set(_below(children, ctx.user.department_id))


def _may_set(ctx: Context, subject_type: str, subject_id: str) -> bool:
    if ctx.permissions.data_scope == "own":
        return False
    users, depts = visible_subjects(ctx)
    pool = users if subject_type == "user" else depts
    return pool is None or subject_id in pool


# --- target records -----------------------------------------------------------------
def target_view(row: SalesTarget) -> dict[str, Any]:
    label = row.period_start.strftime("%Y-%m") if row.period_kind == "month" else (
        f"{row.period_start.year}-Q{(row.period_start.month - 1) // 3 + 1}")
    return {"id": row.id, "subject_type": row.subject_type, "subject_id": row.subject_id,
            "metric": row.metric, "period": label, "period_kind": row.period_kind,
            "period_start": row.period_start.isoformat(), "amount": money(row.amount),
            "currency": row.currency, "version": row.version,
            "created_at": row.created_at.isoformat(), "updated_at": row.updated_at.isoformat()}


def _amount(raw: Any, errors: list[dict[str, Any]]) -> Decimal | None:
    try:
        if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
            raise InvalidOperation
        value = Decimal(str(raw))
        if not value.is_finite() or value < 0 or value > MAX_AMOUNT or \
                value.as_tuple().exponent < -2:  # type: ignore[operator]
            raise InvalidOperation
        return value
    except InvalidOperation:
        errors.append(FieldError("amount", "target.amount"))
        return None


def _subject_exists(ctx: Context, subject_type: str, subject_id: str) -> bool:
    model = User if subject_type == "user" else Department
    return ctx.session.scalar(select(model.id).where(model.id == subject_id,
                                                     model.deleted_at.is_(None))) is not None


def create_target(ctx: Context, body: Any) -> dict[str, Any]:
    body = body_object(body)
    errors: list[dict[str, Any]] = [FieldError(str(k)[:64], "field.unknown") for k in body
                                    if k not in ("subject_type", "subject_id", "metric",
                                                 "period", "amount", "currency")]
    subject_type = body.get("subject_type")
    subject_id = body.get("subject_id")
    if subject_type not in SUBJECTS:
        errors.append(FieldError("subject_type", "target.subject_type"))
    elif not isinstance(subject_id, str) or not _subject_exists(ctx, subject_type,
                                                                 subject_id[:64]):
        errors.append(FieldError("subject_id", f"analytics.{subject_type}_unknown"))
    metric = body.get("metric", "won_amount")
    if metric not in METRICS:
        errors.append(FieldError("metric", "target.metric", metrics=", ".join(METRICS)))
    named = parse_named_period(body.get("period")) if isinstance(body.get("period"), str) \
        else None
    if named is None or body.get("period", "").startswith("current"):
        errors.append(FieldError("period", "analytics.period"))
    amount = _amount(body.get("amount"), errors)
    currency = body.get("currency", "CNY")
    if not isinstance(currency, str) or len(currency) != 3:
        errors.append(FieldError("currency", "field.type_text"))
    if errors:
        raise validation_error(errors)
    assert named is not None and isinstance(subject_id, str)
    if not _may_set(ctx, str(subject_type), subject_id):
        raise ProblemError(403, "target.not_allowed")
    kind, start, _end = named
    clash = ctx.session.scalar(select(SalesTarget.id).where(
        SalesTarget.subject_type == subject_type, SalesTarget.subject_id == subject_id,
        SalesTarget.metric == metric, SalesTarget.period_kind == kind,
        SalesTarget.period_start == start, SalesTarget.deleted_at.is_(None)))
    if clash is not None:
        raise ProblemError(409, "target.exists", extra={"existing_id": clash})
    return target_view(TARGETS.create(ctx, SalesTarget(
        tenant_id=ctx.tenant_id, subject_type=subject_type, subject_id=subject_id,
        metric=metric, period_kind=kind, period_start=start, amount=amount,
        currency=currency.upper())))


def _load(ctx: Context, target_id: str) -> SalesTarget:
    row = ctx.session.scalar(select(SalesTarget).where(SalesTarget.id == target_id[:64],
                                                       SalesTarget.deleted_at.is_(None)))
    users, depts = visible_subjects(ctx)
    pool = users if row is not None and row.subject_type == "user" else depts
    if row is None or (pool is not None and row.subject_id not in pool):
        raise not_found()
    return row


def update_target(ctx: Context, target_id: str, body: Any) -> dict[str, Any]:
    row = _load(ctx, target_id)
    body = body_object(body)
    if not _may_set(ctx, row.subject_type, row.subject_id):
        raise ProblemError(403, "target.not_allowed")
    check_sent_version(row, body, required=True)  # a stale version before a bad amount
    errors: list[dict[str, Any]] = [FieldError(str(k)[:64], "field.unknown") for k in body
                                    if k not in ("amount", "version")]
    amount: Decimal | None = _amount(body.get("amount"), errors) if "amount" in body \
        else row.amount
    if errors or amount is None:
        raise validation_error(errors)
    if amount != row.amount:  # the same amount again changes nothing, not even the version
        TARGETS.update(ctx, row, body, lambda: setattr(row, "amount", amount))
    return target_view(row)


def delete_target(ctx: Context, target_id: str) -> None:
    row = _load(ctx, target_id)
    if not _may_set(ctx, row.subject_type, row.subject_id):
        raise ProblemError(403, "target.not_allowed")
    TARGETS.delete(ctx, row)


def list_targets(ctx: Context, params: dict[str, str]) -> dict[str, Any]:
    q = Query(params, {"period", "subject_type", "subject_id", "metric"})
    q.check_unknown()
    stmt = select(SalesTarget).where(SalesTarget.deleted_at.is_(None))
    if params.get("period"):
        named = parse_named_period(params["period"])
        if named is None:
            q.errors.append(FieldError("period", "analytics.period"))
        else:
            stmt = stmt.where(SalesTarget.period_start >= named[1],
                              SalesTarget.period_start <= named[2])
    for name in ("subject_type", "subject_id", "metric"):
        if params.get(name):
            stmt = stmt.where(getattr(SalesTarget, name) == params[name][:64])
    q.raise_errors()
    users, depts = visible_subjects(ctx)
    rows = ctx.session.scalars(stmt.order_by(SalesTarget.period_start, SalesTarget.id)
                               .limit(5000))

    def shown(r: SalesTarget) -> bool:
        pool = users if r.subject_type == "user" else depts
        return pool is None or r.subject_id in pool

    return {"items": [target_view(r) for r in rows if shown(r)]}


# --- attainment --------------------------------------------------------------------
def _targets_for(ctx: Context, kind: str, start: date, end: date, metric: str
                 ) -> dict[tuple[str, str], Decimal]:
    """(subject_type, id) → target; a quarter falls back to the sum of its months."""
    rows = ctx.session.execute(
        select(SalesTarget.subject_type, SalesTarget.subject_id, SalesTarget.period_kind,
               SalesTarget.amount)
        .where(SalesTarget.deleted_at.is_(None), SalesTarget.metric == metric,
               SalesTarget.period_start >= start, SalesTarget.period_start <= end)).all()
    exact: dict[tuple[str, str], Decimal] = {}
    months: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for subject_type, subject_id, period_kind, amount in rows:
        if period_kind == kind:
            exact[(subject_type, subject_id)] = amount
        elif kind == "quarter" and period_kind == "month":
            months[(subject_type, subject_id)] += amount
    return {**months, **exact}


def _actuals(ctx: Context, metric: str, period: Period, cur: Currencies
             ) -> dict[str | None, Decimal]:
    if metric == "won_amount":
        obj = ctx.object("opportunities")
        amount = cur.amount(Opportunity.amount, Opportunity.currency)
        stmt = (select(Opportunity.owner_id, func.sum(amount))
                .where(Opportunity.status == "won", Opportunity.closed_at >= period.start_at,
                       Opportunity.closed_at < period.end_at, *base_criteria(ctx, obj))
                .group_by(Opportunity.owner_id))
    else:
        obj = ctx.object("payments")
        stmt = (select(Payment.owner_id, func.sum(cur.amount(Payment.amount, Payment.currency)))
                .where(Payment.paid_on >= period.start, Payment.paid_on <= period.end,
                       *base_criteria(ctx, obj))
                .group_by(Payment.owner_id))
    ctx.permissions.require(obj, "read")
    with guarded(ctx.session):
        return {owner: amount or ZERO for owner, amount in ctx.session.execute(stmt)}


def _figures(target: Decimal | None, actual: Decimal) -> dict[str, Any]:
    return {"target": money(target) if target is not None else None, "actual": money(actual),
            "attainment": ratio(actual, target) if target else None,
            "gap": money(target - actual) if target is not None else None}


class RollUp:
    """Department targets and actuals, each including everything under it. A set
    department target stands for its sub-tree; otherwise members' and sub-departments'
    targets add up."""

    def __init__(self, ctx: Context, user_rows: list[Any],
                 targets: dict[tuple[str, str], Decimal],
                 actual: dict[str | None, Decimal]) -> None:
        self.depts, self.children = _tree(ctx)
        self.members: dict[str, list[str]] = defaultdict(list)
        for u in user_rows:
            if u.department_id:
                self.members[u.department_id].append(u.id)
        self.targets = targets
        self.actual = actual
        self.memo: dict[str, tuple[Decimal | None, Decimal]] = {}

    def __call__(self, dept_id: str) -> tuple[Decimal | None, Decimal]:
        """(rolled-up target, actual) of a department and everything under it."""
        if dept_id in self.memo:
            return self.memo[dept_id]
        self.memo[dept_id] = (None, ZERO)  # a cycle in the tree adds nothing
        target: Decimal | None = None
        total = ZERO
        for member in self.members.get(dept_id, []):
            total += self.actual.get(member, ZERO)
            if ("user", member) in self.targets:
                target = (target or ZERO) + self.targets[("user", member)]
        for child in self.children.get(dept_id, []):
            child_rolled, child_actual = self(child)
            child_target = self.targets.get(("department", child), child_rolled)
            total += child_actual
            if child_target is not None:
                target = (target or ZERO) + child_target
        self.memo[dept_id] = (target, total)
        return self.memo[dept_id]

    def view(self, visible: set[str] | None) -> list[dict[str, Any]]:
        out = []
        for dept_id in sorted(self.depts, key=lambda d: self.depts[d].name):
            if visible is not None and dept_id not in visible:
                continue
            rolled_target, dept_actual = self(dept_id)
            explicit = self.targets.get(("department", dept_id))
            out.append({"department_id": dept_id, "name": self.depts[dept_id].name,
                        "parent_id": self.depts[dept_id].parent_id,
                        "target_source": "set" if explicit is not None else "rolled_up",
                        "rolled_up_target": money(rolled_target)
                        if rolled_target is not None else None,
                        **_figures(explicit if explicit is not None else rolled_target,
                                   dept_actual)})
        return out


def attainment(ctx: Context, params: dict[str, str]) -> dict[str, Any]:
    """``GET /analytics/targets?period=2026-11|2026-Q4&metric=won_amount``."""
    q = Query(params, {"period", "metric", "tz"})
    q.check_unknown()
    tz = q.timezone()
    metric = q.choice("metric", METRICS, "won_amount")
    named = parse_named_period(params.get("period"), tz)
    if named is None:
        q.errors.append(FieldError("period", "analytics.period"))
        named = ("month", *month_bounds(date.today()))
    q.raise_errors()
    kind, start, end = named
    cur = currencies(ctx, Opportunity if metric == "won_amount" else Payment)
    actual = _actuals(ctx, metric, Period(start, end, tz), cur)
    targets = _targets_for(ctx, kind, start, end, metric)
    users_in, depts_in = visible_subjects(ctx)
    user_rows = ctx.session.execute(select(User.id, User.name, User.department_id)
                                    .where(User.deleted_at.is_(None))).all()
    user_view = [{"user_id": u.id, "department_id": u.department_id,
                  "name": visible_value(ctx.permissions, "users", "name", u.name),
                  **_figures(targets.get(("user", u.id)), actual.get(u.id, ZERO))}
                 for u in user_rows if users_in is None or u.id in users_in]
    departments = RollUp(ctx, list(user_rows), targets, actual).view(depts_in)
    for d in departments:
        d["name"] = visible_value(ctx.permissions, "departments", "name", d["name"])
    answer = {"period": {"kind": kind, "from": start.isoformat(), "to": end.isoformat(),
                         "tz": tz}, "metric": metric, "currency": cur.view(),
              "users": user_view, "departments": departments}
    withheld = Withheld(ctx.permissions)
    if withheld.hides(*METRIC_FIELDS[metric]):
        withheld.blank(answer, ACTUAL_FIGURES)
    return withheld.mark(answer)


def leaderboard(ctx: Context, params: dict[str, str]) -> dict[str, Any]:
    """``GET /analytics/leaderboard``: reps ranked by actual (or ``by=attainment``)."""
    q = Query(params, {"period", "metric", "tz", "by"})
    q.check_unknown()
    by = q.choice("by", ("actual", "attainment"), "actual")
    q.raise_errors()
    board = attainment(ctx, {k: v for k, v in params.items() if k != "by"})

    def key(row: dict[str, Any]) -> tuple[Any, ...]:
        primary = (row["attainment"] if row["attainment"] is not None else -1.0) \
            if by == "attainment" else Decimal(row["actual"] or -1)
        return (-primary, row["name"] or "")

    ranked = sorted(board["users"], key=key)
    for i, row in enumerate(ranked, start=1):
        row["rank"] = i
    out = {"period": board["period"], "metric": board["metric"], "by": by,
           "currency": board["currency"], "items": ranked}
    if "hidden_fields" in board:
        out["hidden_fields"] = board["hidden_fields"]
    return out


# Who may set a target is the data scope's business (``_may_set``), not only admins';
# PATCH has always required the version.
TARGETS = Definitions("sales_targets", SalesTarget, path="targets", admin_only=False,
                      version_required=True,
                      snapshot=lambda row: {"subject_type": row.subject_type,
                                            "subject_id": row.subject_id,
                                            "metric": row.metric,
                                            "period_kind": row.period_kind,
                                            "period_start": row.period_start.isoformat(),
                                            "amount": money(row.amount),
                                            "currency": row.currency})
