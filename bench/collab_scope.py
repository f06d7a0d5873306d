"""What record teams (协作人) cost the data scope: a sales rep's list, count and get-one
of accounts with the team clause of ``scope_criteria`` and without it.

    uv run --frozen python bench/collab_scope.py --url postgresql://postgres@127.0.0.1:5432/salescrm_collab_bench

Loads N accounts (bench/load_accounts.py), spreads them over 200 reps, plants team
memberships, then times the records service (median of repeated runs, one warm-up)
for a rep who owns many accounts and one who owns a few, and prints the plans.
Prints JSON; the figures go to docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, text, update

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.load_accounts import ensure_pg_database, load

REPS = 200


def _reps(factory: Any, tenant_id: str) -> list[str]:
    """200 reps (sales_rep role), created once; accounts spread over them, skewed so the
    last rep owns only a handful."""
    from salescrm.models import Account, Role, User, UserRole

    with factory() as s, s.begin():
        s.info["tenant_id"] = tenant_id
        have = list(s.scalars(select(User.id).where(User.email.like("bench-rep-%"))
                              .order_by(User.email)))
        if len(have) >= REPS:
            return have
        role = s.scalar(select(Role.id).where(Role.key == "sales_rep"))
        ids = [f"00000000-0000-7000-8000-{i:012d}" for i in range(REPS)]
        s.execute(insert(User.__table__), [
            {"id": u, "tenant_id": tenant_id, "name": f"Rep {i}", "email":
             f"bench-rep-{i:03d}@bench.salescrm.dev", "password_hash": "x", "is_active": True,
             "version": 1, "custom": {}} for i, u in enumerate(ids)])
        s.execute(insert(UserRole.__table__), [
            {"tenant_id": tenant_id, "user_id": u, "role_id": role} for u in ids])
        all_ids = list(s.scalars(select(Account.id)))
        rnd = random.Random(3)
        rnd.shuffle(all_ids)
        owners: dict[str, list[str]] = {}
        for n, acct in enumerate(all_ids):
            owner = ids[-1] if n < 20 else ids[n % (REPS - 1)]
            owners.setdefault(owner, []).append(acct)
        for owner, accts in owners.items():
            for i in range(0, len(accts), 5000):
                s.execute(update(Account).where(Account.id.in_(accts[i:i + 5000]))
                          .values(owner_id=owner).execution_options(synchronize_session=False))
        return ids


def _teams(factory: Any, tenant_id: str, reps: list[str], per_rep: int) -> None:
    """Each rep is on the team of ``per_rep`` accounts owned by others."""
    from salescrm.models import Account, RecordTeamMember

    with factory() as s, s.begin():
        s.info["tenant_id"] = tenant_id
        if s.scalar(select(func.count()).select_from(RecordTeamMember)):
            return
        ids = list(s.scalars(select(Account.id)))
        rnd = random.Random(5)
        rows = []
        for r in reps:
            for acct in rnd.sample(ids, per_rep):
                rows.append({"id": f"{r[:24]}{len(rows):012d}", "tenant_id": tenant_id,
                             "object": "accounts", "record_id": acct, "user_id": r,
                             "access": rnd.choice(["read", "edit"]), "added_by": r})
        for i in range(0, len(rows), 5000):
            s.execute(insert(RecordTeamMember.__table__), rows[i:i + 5000])


def _time(fn: Any, runs: int) -> float:
    fn()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(samples), 2)


def _plan(session: Any, fn: Any) -> list[str]:
    """The plan of the statement ``fn`` runs, exactly as sent (tenant filter included)."""
    from sqlalchemy import event

    engine = session.get_bind()
    seen: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        seen.append((statement, params))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        fn()
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    statement, params = seen[-1]
    prefix = ("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " if engine.dialect.name == "postgresql"
              else "EXPLAIN QUERY PLAN ")
    rows = session.connection().exec_driver_sql(prefix + statement, params).all()
    return [str(r[0]) if len(r) == 1 else str(r[-1]) for r in rows]


def measure(factory: Any, tenant_id: str, user_id: str, runs: int) -> dict[str, Any]:
    from salescrm.platform import permissions
    from salescrm.platform.records import service as records
    from salescrm.platform.tenancy.system import system_context

    out: dict[str, Any] = {}
    with factory() as s:
        ctx = system_context(s, tenant_id, user_id)
        obj = ctx.object("accounts")
        owned = s.scalar(select(func.count()).select_from(obj.model)
                         .where(obj.model.owner_id == user_id))
        first = s.scalar(select(obj.model.id).where(obj.model.owner_id == user_id).limit(1))
        original = permissions.scope_criteria
        for label, team in (("without_team_clause", None), ("with_team_clause", "read")):
            def scoped(o: Any, p: Any, u: str, t: str | None = "read", _team: Any = team) -> Any:
                return original(o, p, u, _team if t == "read" else t)
            records.scope_criteria = scoped  # type: ignore[attr-defined]
            try:
                out[label] = {
                    "list_50_ms": _time(lambda: records.list_records(
                        ctx, obj, {"limit": "50"}), runs),
                    "list_count_ms": _time(lambda: records.list_records(
                        ctx, obj, {"limit": "50", "count": "true"}), runs),
                    "get_one_ms": _time(lambda: records.get_record(ctx, obj, first), runs),
                    "visible": records.list_records(ctx, obj, {"limit": "1", "count": "true"}
                                                    )["total"],
                }
                out[label]["plan"] = _plan(s, lambda: records.list_records(
                    ctx, obj, {"limit": "50"}))
            finally:
                records.scope_criteria = original  # type: ignore[attr-defined]
        out["owned"] = owned
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", required=True)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--team-per-rep", type=int, default=50)
    ap.add_argument("--runs", type=int, default=30)
    a = ap.parse_args()
    os.environ.setdefault("SALESCRM_EMBEDDED_WORKER", "false")
    if a.url.startswith("postgres"):
        ensure_pg_database(a.url)
    summary = load(a.url, a.rows)
    from salescrm.db.engine import get_engine, make_sessionmaker

    engine = get_engine(a.url)
    factory = make_sessionmaker(engine)
    reps = _reps(factory, summary["tenant_id"])
    _teams(factory, summary["tenant_id"], reps, a.team_per_rep)
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
    result = {"accounts": summary["accounts"], "reps": len(reps),
              "team_rows_per_rep": a.team_per_rep,
              "busy_rep": measure(factory, summary["tenant_id"], reps[0], a.runs),
              "quiet_rep": measure(factory, summary["tenant_id"], reps[-1], a.runs)}
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
