"""The import job: reads the stored file a batch of rows at a time and commits each
batch together with the import's progress.

Each batch is one transaction: its records, their audit rows and events, the
errors of its bad rows and the new ``resume_after`` line commit together, so a
worker that dies mid-file leaves the next one to continue exactly where the last
commit ended — no row written twice, none lost. A dry run does the same work
inside a savepoint that is rolled back: it writes nothing but the report.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from sqlalchemy import Engine, delete, text, update
from sqlalchemy.orm import Session, sessionmaker

from salescrm.db.engine import begin_write
from salescrm.db.types import new_id, utcnow
from salescrm.models import ImportFileChunk, ImportRowError, ImportRun, Job
from salescrm.platform.errors import ProblemError
from salescrm.platform.i18n import set_locale
from salescrm.platform.imports import files
from salescrm.platform.imports.batch import Batch, RowOutcome
from salescrm.platform.imports.mapping import Plan
from salescrm.platform.imports.rows import RowError
from salescrm.platform.jobs import BULK, EVENT_PRIORITY, Requeue
from salescrm.platform.jobs.claim import others_waiting
from salescrm.platform.records.bulk import bulk_insert
from salescrm.platform.tenancy.system import system_context

log = logging.getLogger("salescrm.imports")
BATCH_ROWS = 2000
# A batch is one write transaction: on SQLite it holds the one write lock, and a
# colleague's sign-in or save waits behind it (issue 10.1). Batches are sized from the
# speed of the last one so that each holds the lock about this long, and the import
# lets people's writes go first between batches (db.sqlite_writers).
BATCH_SECONDS = 1.0
FIRST_BATCH_ROWS = 100
MIN_BATCH_ROWS = 10
# An import run as a job steps aside after this long when other tenants' jobs wait
# (issue 11: a 100k-row import kept another tenant's 1-row import queued for minutes).
SLICE_SECONDS = 3.0
# … and at least this many times what resuming took (re-reading the file up to the
# last committed line), so that resuming costs at most a quarter of a slice.
RESUME_SHARE = 3.0


@lru_cache(maxsize=4)
def _sessions(engine: Engine) -> sessionmaker[Session]:
    from salescrm.db.engine import make_sessionmaker

    return make_sessionmaker(engine)


def run_import_job(session: Session, job: Job) -> None:
    """Commits batch by batch (progress is visible, a restart resumes)."""
    factory = _sessions(session.get_bind().engine)
    last_attempt = job.attempts >= job.max_attempts
    run_import(factory, job.tenant_id or "", job.payload["import_id"], last_attempt, session,
               step_aside=True)


def run_import(factory: sessionmaker[Session], tenant_id: str, import_id: str,
               last_attempt: bool = True, session: Session | None = None,
               step_aside: bool = False) -> None:
    """``step_aside``: as a job, hand the worker back (``Requeue``) now and then when
    other tenants' jobs are waiting; the next run resumes after the last batch."""
    with session or factory() as writer, factory() as reader:
        writer.info["tenant_id"] = reader.info["tenant_id"] = tenant_id
        writer.info[EVENT_PRIORITY] = BULK  # its record events wait behind user-facing jobs
        imp = writer.get(ImportRun, import_id)
        if imp is None or imp.status in ("done", "failed"):
            return  # already finished: the job ran before (at least once)
        try:
            Runner(writer, reader, imp, step_aside).run()
        except Requeue:
            writer.rollback()
            raise
        except Exception as exc:
            writer.rollback()
            if not last_attempt:
                raise  # the worker retries with backoff; the next run resumes
            log.exception("import %s failed", import_id)
            _fail(writer, import_id, "import.crashed", reason=type(exc).__name__)


def write_first(session: Session, import_id: str, **values: Any) -> None:
    """End the transaction at hand and start one that writes: on SQLite it takes the
    write lock at BEGIN, so a read-then-write batch queues behind other writers (the
    lease heartbeat) instead of failing with "database is locked"."""
    session.commit()
    begin_write(session, background=True)  # people's writes go first (db.sqlite_writers)
    session.execute(update(ImportRun).where(ImportRun.id == import_id)
                    .values(updated_at=utcnow(), **values)
                    .execution_options(synchronize_session=False))


def _fail(session: Session, import_id: str, code: str, **params: Any) -> None:
    write_first(session, import_id, status="failed", finished_at=utcnow(),
                failure={"code": code, "params": params})
    session.execute(delete(ImportFileChunk).where(ImportFileChunk.import_id == import_id))
    session.commit()


class Runner:
    def __init__(self, session: Session, reader: Session, imp: ImportRun,
                 step_aside: bool = False) -> None:
        self.step_aside = step_aside
        self.begun = time.monotonic()
        self.slice_ends: float | None = None
        self.batch_rows = min(FIRST_BATCH_ROWS, BATCH_ROWS)
        self.session = session
        self.reader = reader  # reads the stored file, outside the write transactions
        self.imp = imp
        self.settings: dict[str, Any] = dict(imp.mapping or {})
        self.analyze_at = max(2000, imp.created * 2)
        set_locale(self.settings.get("locale") or "zh-CN")

    def run(self) -> None:
        imp = self.imp
        write_first(self.session, imp.id)
        try:
            ctx = system_context(self.session, imp.tenant_id, imp.created_by)
        except ProblemError:
            _fail(self.session, imp.id, "import.uploader_gone")
            return
        ctx.locale = self.settings.get("locale") or ctx.locale
        if imp.allow_duplicates:
            ctx.query = {"allow_duplicate": "true"}
        if imp.status == "queued":
            imp.status, imp.started_at = "running", utcnow()
            self.session.commit()
        rows = files.open_rows(self.reader, imp.id, imp.file_format, imp.encoding,
                               imp.size_bytes)
        try:
            self._import(ctx, rows)
        except files.UnreadableFile as exc:
            # A spreadsheet past the reader's limits fails for good: no retry would pass.
            self.session.rollback()
            _fail(self.session, imp.id, exc.key, **exc.params)

    def _import(self, ctx: Any, rows: files.CsvRows | files.SheetRows) -> None:
        imp = self.imp
        body = self._body(rows)
        if body is None:
            return
        plan = Plan.from_json(self.settings["plan"])
        batch = Batch(ctx, ctx.object(imp.object), plan, imp)
        pending: list[files.Row] = []
        for row in body:
            if row.line <= imp.resume_after or files.is_blank(row.cells):
                continue
            if self.slice_ends is None:
                self._start_slice()
            pending.append(row)
            if len(pending) >= self.batch_rows:
                self._commit_batch(batch, pending, rows.progress())
                pending = []
                self._maybe_step_aside()
        self._commit_batch(batch, pending, 1.0)
        self._finish()

    def _start_slice(self) -> None:
        """The first new row is reached: work for a slice from here."""
        now = time.monotonic()
        self.slice_ends = now + max(SLICE_SECONDS, RESUME_SHARE * (now - self.begun))

    def _maybe_step_aside(self) -> None:
        if (self.step_aside and self.slice_ends is not None
                and time.monotonic() > self.slice_ends
                and others_waiting(self.session, self.imp.tenant_id, utcnow())):
            self.session.commit()
            raise Requeue

    def _body(self, rows: files.CsvRows | files.SheetRows) -> Iterator[files.Row] | None:
        """The rows after the header, once the header is the one checked on upload."""
        it = iter(rows)
        header = None
        for row in it:
            if not files.is_blank(row.cells):
                header = row
                break
        expected = self.settings["plan"].get("headers") or []
        if header is None or [h.strip() for h in header.cells] != [h.strip() for h in expected]:
            _fail(self.session, self.imp.id, "import.header_changed")
            return None
        return it

    def _commit_batch(self, batch: Batch, pending: list[files.Row], progress: float) -> None:
        imp = self.imp
        started = time.monotonic()
        write_first(self.session, imp.id)
        if pending:
            outcomes = batch.process(pending)
            self._record(outcomes)
            if batch.first_passwords:  # committed with the users they belong to
                imp.first_passwords = [*(imp.first_passwords or []), *batch.first_passwords]
                batch.first_passwords = []
            imp.resume_after = pending[-1].line
        imp.bytes_read = int(imp.size_bytes * progress)
        imp.total = imp.created + imp.updated + imp.unchanged + imp.failed
        imp.updated_at = utcnow()
        self.session.commit()
        self._size_next_batch(len(pending), time.monotonic() - started)
        if not imp.dry_run and imp.created >= self.analyze_at:
            self._refresh_statistics(batch)

    def _size_next_batch(self, rows: int, seconds: float) -> None:
        """As many rows as the last batch's pace writes in BATCH_SECONDS."""
        if rows:
            pace = rows / max(seconds, 1e-3)
            self.batch_rows = min(BATCH_ROWS, max(MIN_BATCH_ROWS, int(pace * BATCH_SECONDS)))

    def _refresh_statistics(self, batch: Batch) -> None:
        """A bulk load outruns autovacuum: with statistics that still count the tenant's
        rows in hundreds, PostgreSQL checks duplicates by scanning the tenant instead of
        probing the key indexes (300 ms instead of 2 ms per batch). Re-analyze the
        table after 2k, 4k, 8k … new rows."""
        self.analyze_at *= 2
        if self.session.get_bind().dialect.name != "postgresql":
            return
        table = batch.obj.model.__table__
        quote = self.session.get_bind().dialect.identifier_preparer.quote
        self.session.execute(text(f"ANALYZE {quote(table.name)}"))
        self.session.commit()

    def _record(self, outcomes: list[RowOutcome]) -> None:
        imp = self.imp
        errors: list[dict[str, Any]] = []
        for outcome in outcomes:
            if outcome.errors:
                imp.failed += 1
                errors.extend(_error_rows(imp, outcome.line, outcome.cells, outcome.errors))
            elif outcome.action == "created":
                imp.created += 1
            elif outcome.action == "updated":
                imp.updated += 1
            elif outcome.action == "unchanged":
                imp.unchanged += 1
        if errors:
            bulk_insert(self.session, ImportRowError.__table__, errors)

    def _finish(self) -> None:
        imp = self.imp
        write_first(self.session, imp.id)
        imp.status = "done"
        imp.finished_at = utcnow()
        imp.bytes_read = imp.size_bytes
        self.session.execute(delete(ImportFileChunk).where(ImportFileChunk.import_id == imp.id))
        self.session.commit()


def _error_rows(imp: ImportRun, line: int, cells: list[str],
                errors: list[RowError]) -> list[dict[str, Any]]:
    return [{"id": new_id(), "tenant_id": imp.tenant_id, "import_id": imp.id, "row": line,
             "field": e.field[:255], "code": e.code[:100], "params": e.params,
             "cells": cells if n == 0 else None} for n, e in enumerate(errors)]
