"""Migrating a sales history: an opportunity written with the dates it really had.

An administrator's write marked as a migration (``POST /opportunities?migration=true``,
or an import with ``migration=true``) may carry, besides the ordinary fields and the
owner, when the deal was created (``created_at``), when it was won or lost
(``closed_at``) and the stages it went through: a ``stage_history`` list of
``{"stage", "entered_at"}`` (API) or one "entered <stage> on" column per stage
(import targets ``stage_entered:<stage key or name>``). The rules (decision 0140):

- A date without a time of day stands for 12:00 UTC that day, so it falls on the same
  calendar day in every time zone from UTC−11 to UTC+11 (a report in Asia/Shanghai
  and one in UTC put it in the same month).
- The deal's stays are the entries in time order; the current stage is ``stage`` (or,
  when not given, the last entry's stage) and must come last. It was entered at its
  own entry, or — a closed deal without one — at ``closed_at``, else at the
  ``close_date``; an open deal without one entered it at its latest entry (or when it
  was created).
- ``closed_at`` of a won or lost deal is when it entered its closing stage.
  ``created_at`` is given, else the first entry, else that closing time, else now.
- Refused with a 422 naming the field, nothing written: a date more than a day in
  the future, an entry before ``created_at``, a closing time before ``created_at``
  (no clamping: the sales cycle must not be invented), an entry after the current
  stage's, a closing-stage entry on another day than ``closed_at``.
- Only administrators: anyone else gets 403 ``sales.migration_admin_only``.
- Audited: the create entry carries the dates, and a ``migrate`` entry lists the
  stage history as written.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from salescrm.db.types import utcnow
from salescrm.models import OpportunityStageHistory, Pipeline
from salescrm.modules.sales import stage_paths
from salescrm.modules.sales.pipelines import find_stage
from salescrm.platform.errors import FieldError, ProblemError, validation_error
from salescrm.platform.imports.dates import DateUnreadable, read_day, read_moment
from salescrm.platform.imports.mapping import STAGE_ENTERED
from salescrm.platform.records import service as records
from salescrm.platform.records.values import ValueInvalid, parse_datetime
from salescrm.platform.tenancy import Context

MIGRATION_PARAM = "migration"
FUTURE_TOLERANCE = timedelta(days=1)
NOON = time(12, tzinfo=UTC)


def wanted(params: Any) -> bool:
    value = str((params or {}).get(MIGRATION_PARAM) or "").strip().lower()
    return value in ("true", "1", "yes", "on")


def day_at_noon(day: date) -> datetime:
    return datetime.combine(day, NOON)


def parse_when(raw: Any) -> datetime:
    """A date (12:00 UTC that day) or a date and time (UTC unless it says), written as
    the import reads dates when it need not guess (year first, Chinese, Excel serial)."""
    if isinstance(raw, datetime):
        return raw if raw.tzinfo else raw.replace(tzinfo=UTC)
    if not isinstance(raw, str) or not raw.strip():
        raise ValueInvalid("field.type_datetime")
    text = unicodedata.normalize("NFKC", raw).strip()
    try:
        if ":" not in text:  # no time of day
            return day_at_noon(read_day(text))
        return parse_datetime(read_moment(text))
    except DateUnreadable as exc:
        raise ValueInvalid("field.type_datetime") from exc


@dataclass
class Entry:
    field: str  # where it came from, for the error
    stage_ref: str
    at: datetime
    stage: dict[str, Any] | None = None


@dataclass
class History:
    created_at: datetime | None
    closed_at: datetime | None
    entries: list[Entry] = field(default_factory=list)


@dataclass
class Written:
    """What the deal is written with."""

    created_at: datetime
    closed_at: datetime | None
    stays: list[tuple[str, datetime]]


def take(ctx: Context, body: dict[str, Any], params: Any) -> History | None:
    """Remove the history keys from ``body`` (a migration) or leave it alone (None)."""
    if not wanted(params):
        return None
    if not ctx.permissions.is_admin:
        raise ProblemError(403, "sales.migration_admin_only",
                           errors=[FieldError(MIGRATION_PARAM, "sales.migration_admin_only")])
    errors: list[dict[str, Any]] = []

    def when(name: str, raw: Any) -> datetime | None:
        if raw in (None, ""):
            return None
        try:
            return parse_when(raw)
        except ValueInvalid as exc:
            errors.append(exc.field_error(name))
            return None

    history = History(when("created_at", body.pop("created_at", None)),
                      when("closed_at", body.pop("closed_at", None)))
    listed = body.pop("stage_history", None)
    if listed is not None:
        if not isinstance(listed, list) or not all(
                isinstance(i, dict) and isinstance(i.get("stage"), str) for i in listed):
            errors.append(FieldError("stage_history", "sales.history_list"))
            listed = []
        for n, item in enumerate(listed):
            name = f"stage_history[{n}].entered_at"
            at = when(name, item.get("entered_at")) if item.get("entered_at") else None
            if at is None and not any(e["field"] == name for e in errors):
                errors.append(FieldError(name, "field.required"))
            if at is not None:
                history.entries.append(Entry(f"stage_history[{n}]", item["stage"], at))
    for key in [k for k in body if isinstance(k, str) and k.startswith(STAGE_ENTERED)]:
        at = when(key, body.pop(key))
        if at is not None:
            history.entries.append(Entry(key, key[len(STAGE_ENTERED):], at))
    if errors:
        raise validation_error(errors)
    return history


def stage_by_ref(pipeline: Pipeline, ref: str) -> dict[str, Any] | None:
    """A stage named by its key or by its name in either language (any case)."""
    found = find_stage(pipeline, ref)
    if found is not None:
        return found
    folded = ref.strip().casefold()
    for s in pipeline.stages or []:
        names = {str(s.get("key", "")), str(s.get("name") or "")}
        names |= {str(v) for v in (s.get("labels") or {}).values()}
        if folded in {n.strip().casefold() for n in names if n}:
            return s
    return None


def current_stage_ref(history: History) -> str | None:
    """The stage of the latest entry: the current one when the write names none."""
    if not history.entries:
        return None
    return max(history.entries, key=lambda e: e.at).stage_ref


def plan(history: History, pipeline: Pipeline, current: dict[str, Any],
         close_date: date | None) -> Written:
    """The deal's dates and stays, or a 422 naming what does not fit."""
    errors: list[dict[str, Any]] = []
    order = {s["key"]: i for i, s in enumerate(pipeline.stages or [])}
    for e in history.entries:
        e.stage = stage_by_ref(pipeline, e.stage_ref)
        if e.stage is None:
            errors.append(FieldError(e.field, "sales.stage_unknown", stage=e.stage_ref[:64]))
    if errors:
        raise validation_error(errors)
    entries = sorted(history.entries, key=lambda e: (e.at, order.get(_key(e), 0)))
    closed = current["kind"] in ("won", "lost")
    own = [e for e in entries if _key(e) == current["key"]]
    entered = own[-1].at if own else None
    if closed:
        if history.closed_at is not None and entered is not None \
                and history.closed_at.date() != entered.date():
            errors.append(FieldError(own[-1].field, "sales.history_closed_mismatch"))
        entered = history.closed_at or entered or (
            day_at_noon(close_date) if close_date else None) or (
            entries[-1].at if entries else None) or history.created_at or utcnow()
    elif entered is None:
        entered = entries[-1].at if entries else history.created_at or utcnow()
    stays = [(_key(e), e.at) for e in entries if e is not (own[-1] if own else None)]
    later = next((e for e in entries if e.at > entered and e is not (own[-1] if own else None)),
                 None)
    if later is not None:
        errors.append(FieldError(later.field, "sales.history_after_current",
                                 stage=str(current["key"])))
    stays.append((current["key"], entered))
    created = history.created_at or min(at for _stage, at in stays)
    if entries and created > entries[0].at:
        errors.append(FieldError("created_at", "sales.history_before_created"))
    if closed and entered < created:
        errors.append(FieldError("closed_at", "sales.closed_before_created"))
    limit = utcnow() + FUTURE_TOLERANCE
    given = [("created_at", history.created_at), ("closed_at", entered if closed else None),
             *((e.field, e.at) for e in entries)]  # what was written, not what follows
    for name, at in given:
        if at is not None and at > limit and not any(x["field"] == name for x in errors):
            errors.append(FieldError(name, "sales.date_in_future"))
    if errors:
        raise validation_error(errors)
    return Written(created, entered if closed else None, stays)


def _key(e: Entry) -> str:
    return str((e.stage or {}).get("key"))


def write_stays(ctx: Context, row: Any, pipeline: Pipeline, written: Written) -> None:
    """The deal's stage history as planned, its funnel facts recomputed, audited."""
    stays = written.stays
    for i, (stage, at) in enumerate(stays):
        ctx.session.add(OpportunityStageHistory(
            tenant_id=ctx.tenant_id, opportunity_id=row.id, pipeline_id=row.pipeline_id,
            stage=stage, entered_at=at, left_at=stays[i + 1][1] if i + 1 < len(stays) else None,
            moved_by=ctx.user.id, amount=row.amount, currency=row.currency))
    ctx.session.flush()
    stage_paths.recompute(ctx.session.connection(), row.pipeline_id,
                          list(pipeline.stages or []), opportunity_id=row.id)
    records.note_action(ctx, "migrate", "opportunities", row.id, {
        "stage_history": [None, [{"stage": s, "entered_at": at.isoformat()} for s, at in stays]]})


__all__ = ["History", "Written", "current_stage_ref", "parse_when", "plan",
           "take", "wanted", "write_stays"]
