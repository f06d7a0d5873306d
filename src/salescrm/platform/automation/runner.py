"""Running rules: an event subscriber (created / updated / field_changed) and a
recurring job (scheduled), both in the durable jobs worker.

At least once and idempotent: each (event, rule) pair — or (rule, record, field
value) for scheduled rules — writes a unique ``automation_runs.dedupe_key`` in the
same transaction as its actions. A job that runs twice finds the key and does
nothing; a job that dies before commit leaves no key and runs again.

Loop guard: events carry ``depth`` (how many automated reactions led to them);
actions run with depth + 1, and an event at ``MAX_DEPTH`` is logged as
``loop_stopped`` instead of acted on, so rules that trigger each other end.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from salescrm.db.types import new_id, utcnow
from salescrm.models import AutomationRule, AutomationRun, Job, Tenant
from salescrm.platform import conditions
from salescrm.platform.automation.actions import ACTIONS
from salescrm.platform.automation.rules import Rule, active_rules, spec
from salescrm.platform.customization.rules import snapshot
from salescrm.platform.errors import ProblemError
from salescrm.platform.metadata import ObjectDef, objects_for
from salescrm.platform.records.query import column
from salescrm.platform.records.values import to_custom_storage
from salescrm.platform.tenancy import Context
from salescrm.platform.tenancy.system import system_context

log = logging.getLogger("salescrm.automation")
MAX_DEPTH = 5
SCHEDULED_BATCH = 500
# A new scheduled rule catches up on moments up to this long before it was created.
LOOKBACK = timedelta(days=30)
DEPTH_KEY = "event_depth"


def _rules_for(session: Session, tenant_id: str, object_name: str, action: str
               ) -> tuple[int, list[Rule]]:
    """The tenant's metadata version and its active rules an ``<object>.<action>``
    event triggers."""
    session.info["tenant_id"] = tenant_id
    triggers = ("created", "field_changed") if action == "created" else (
        "updated", "field_changed")
    version = session.scalar(select(Tenant.metadata_version)
                             .where(Tenant.id == tenant_id)) or 1
    return version, [r for r in active_rules(session, tenant_id, version).get(object_name, [])
                     if r.trigger in triggers]


def wants(session: Session, tenant_id: str, event_type: str) -> bool:
    """``jobs.INTERESTS``: does a rule act on events of this type?"""
    object_name, _, action = event_type.rpartition(".")
    return (action in ("created", "updated") and bool(tenant_id) and bool(object_name)
            and bool(_rules_for(session, tenant_id, object_name, action)[1]))


def on_event(session: Session, event: dict[str, Any]) -> None:
    """Event subscriber: run the object's rules for ``<object>.created|updated``."""
    object_name, _, action = str(event.get("type", "")).rpartition(".")
    tenant_id = event.get("tenant_id")
    if action not in ("created", "updated") or not tenant_id or not object_name:
        return
    version, rules = _rules_for(session, tenant_id, object_name, action)
    if not rules:
        return
    obj = objects_for(session, tenant_id, version).get(object_name)
    data = event.get("data") or {}
    if obj is None or not isinstance(data.get("id"), str):
        return  # the object is gone (a deleted custom object)
    row = session.get(obj.model, data["id"])
    if row is None or row.deleted_at is not None:
        return
    changes = data.get("changes") or {}
    after = snapshot(obj, row)
    before = None if action == "created" else {
        **after, **{k: v[0] for k, v in changes.items() if isinstance(v, list) and len(v) == 2}}
    candidates = []
    for rule in rules:
        if rule.trigger == "field_changed":
            # A record changed since its creation reports those changes in their own
            # events; its creation then only counts for "created" rules.
            if action == "created" and (row.version > 1 or after.get(rule.field or "") in (
                    None, "", [])):
                continue
            if action == "updated" and (rule.field or "") not in changes:
                continue
        candidates.append((rule, f"{event.get('id')}:{rule.id}"))
    run_rules(session, tenant_id, obj, candidates, row, before, after,
              event_type=str(event["type"]), depth=int(event.get("depth") or 0))


def run_rules(session: Session, tenant_id: str, obj: ObjectDef,
              candidates: list[tuple[Rule, str]], row: Any,
              before: dict[str, Any] | None, after: dict[str, Any], *, event_type: str,
              depth: int, ctx: Context | None = None) -> list[str]:
    """Consider rules for one record, each once per dedupe key; returns the outcomes of
    the runs made (keys handled before are left out).

    A run's row is written in the transaction of its actions: should another worker
    handle the same key at the same moment, one of the two inserts fails and that
    whole job (actions included) rolls back and retries, finding the key taken.
    """
    if not candidates:
        return []
    done = set(session.scalars(select(AutomationRun.dedupe_key).where(
        AutomationRun.dedupe_key.in_([key[:200] for _, key in candidates]))))
    outcomes: list[str] = []
    runs: list[dict[str, Any]] = []
    for rule, key in candidates:
        if key[:200] in done:
            continue
        status, detail = "skipped", {}
        if rule.condition is not None and not conditions.evaluate(rule.condition, obj,
                                                                  before, after):
            pass  # skipped: the condition does not hold (or cannot be decided)
        elif depth >= MAX_DEPTH:
            status, detail = "loop_stopped", {"depth": depth}
        else:
            ctx = ctx or system_context(session, tenant_id)
            status, detail = _act(ctx, obj, rule, row, depth)
        runs.append({"id": new_id(), "tenant_id": tenant_id, "rule_id": rule.id,
                     "dedupe_key": key[:200], "event_type": event_type[:100],
                     "record_id": row.id, "status": status, "depth": depth,
                     "detail": detail, "at": utcnow()})
        outcomes.append(status)
    if runs:  # one multi-row INSERT: this is the hot path of every event
        session.execute(insert(AutomationRun), runs)
    return outcomes


def _act(ctx: Context, obj: ObjectDef, rule: Rule, row: Any,
         depth: int) -> tuple[str, dict[str, Any]]:
    """All of a rule's actions, or none of them (a savepoint)."""
    session = ctx.session
    results: list[dict[str, Any]] = []
    previous = session.info.get(DEPTH_KEY)
    session.info[DEPTH_KEY] = depth + 1
    try:
        with session.begin_nested():
            for action in rule.actions:
                results.append({"type": action["type"],
                                **ACTIONS[action["type"]](ctx, obj, row, action, rule)})
    except ProblemError as exc:
        # Refused by validation, a validation rule, an approval lock …: logged, not retried.
        session.expire(row)
        return "failed", {"error": exc.detail, "errors": exc.errors, "rolled_back": results}
    finally:
        if previous is None:
            session.info.pop(DEPTH_KEY, None)
        else:
            session.info[DEPTH_KEY] = previous
    return "succeeded", {"actions": results}


# --- scheduled rules --------------------------------------------------------------
def run_scheduled_job(session: Session, _job: Job) -> None:
    run_scheduled(session)


def run_scheduled(session: Session, now: datetime | None = None) -> int:
    """Fire every scheduled rule whose moment has come for a record; returns runs made."""
    now = now or utcnow()
    session.info["tenant_id"] = None
    rules = list(session.scalars(select(AutomationRule).where(
        AutomationRule.trigger == "scheduled", AutomationRule.is_active.is_(True),
        AutomationRule.deleted_at.is_(None)).order_by(AutomationRule.tenant_id)))
    made = 0
    for rule in rules:
        session.info["tenant_id"] = rule.tenant_id
        ctx = system_context(session, rule.tenant_id)
        try:
            obj = ctx.object(rule.object)
        except ProblemError:
            continue
        made += _fire_due(ctx, obj, rule, now)
    session.info["tenant_id"] = None
    return made


def _fire_due(ctx: Context, obj: ObjectDef, rule: AutomationRule, now: datetime) -> int:
    """Records whose moment (field + offset) has come, since the rule exists (less the
    look-back), each once per value of the field."""
    f = obj.fields.get(rule.field or "")
    if f is None:
        return 0
    offset = timedelta(days=int((rule.schedule or {}).get("offset_days") or 0))
    created = rule.created_at if rule.created_at.tzinfo else rule.created_at.replace(tzinfo=UTC)
    latest, earliest = now - offset, created - LOOKBACK - offset
    bounds: tuple[Any, Any] = (latest, earliest)
    if f.type == "date":
        bounds = (latest.date(), earliest.date())
    if f.custom:
        bounds = (to_custom_storage(f, bounds[0]), to_custom_storage(f, bounds[1]))
    col = column(obj, f)
    model = obj.model
    # Not yet fired, or changed since it fired (a moved date fires again; the dedupe
    # key, which holds the field's value, keeps any other change from firing twice).
    fired = select(AutomationRun.id).where(
        AutomationRun.rule_id == rule.id, AutomationRun.record_id == model.id,
        AutomationRun.at >= model.updated_at)
    stmt = select(model).where(model.deleted_at.is_(None), col.is_not(None),
                               col <= bounds[0], col >= bounds[1], ~fired.exists())
    if obj.record_filter:
        stmt = stmt.where(getattr(model, obj.record_filter[0]) == obj.record_filter[1])
    made = 0
    for row in ctx.session.scalars(stmt.order_by(model.id).limit(SCHEDULED_BATCH)):
        after = snapshot(obj, row)
        key = f"sched:{rule.id}:{row.id}:{after.get(f.api_name)}"
        made += len(run_rules(ctx.session, ctx.tenant_id, obj, [(spec(rule), key)], row, after,
                              after, event_type=f"{obj.api_name}.scheduled", depth=0,
                              ctx=ctx))
    return made
