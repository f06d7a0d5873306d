"""Analytics benchmark: funnel, forecast and a 2-level report-builder group-by through
the real app, each next to the same figures from hand-written SQL sent straight to the
database (the floor), as a ratio.

    uv run --frozen python bench/generate.py --url postgresql://postgres@127.0.0.1:5432/salescrm_bench
    uv run --frozen python bench/analytics_bench.py --url postgresql://postgres@127.0.0.1:5432/salescrm_bench

The app side is a full in-process HTTP request (bearer auth, tenancy, permissions,
validation, SQL, JSON) through the ASGI app; the floor side runs the hand-written
statements with the bare driver (psycopg 3 / sqlite3) on one connection. Each case
is run ``--runs`` times after one warm-up; medians and p95 are printed as JSON and as
a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

os.environ.setdefault("SALESCRM_EMBEDDED_WORKER", "false")

OPEN = ["initial", "qualified", "proposal", "negotiation"]
RANK = {"initial": 0, "qualified": 1, "proposal": 2, "negotiation": 3, "won": 10000}
AGES = (0, 30, 90, 180, 365)


def _stats(samples: list[float]) -> dict[str, float]:
    samples = sorted(samples)
    return {"median_ms": round(statistics.median(samples), 1),
            "p95_ms": round(samples[min(len(samples) - 1, int(len(samples) * 0.95))], 1),
            "min_ms": round(samples[0], 1)}


def _measure(app_fn: Callable[[], Any], floor_fn: Callable[[], Any] | None, runs: int
             ) -> tuple[dict[str, float], dict[str, float] | None]:
    """Alternate app and floor runs (after one warm-up each), so that the load of a
    shared machine falls on both sides alike."""
    app_fn()
    if floor_fn:
        floor_fn()
    app_samples, floor_samples = [], []
    for _ in range(runs):
        start = time.perf_counter()
        app_fn()
        app_samples.append((time.perf_counter() - start) * 1000)
        if floor_fn:
            start = time.perf_counter()
            floor_fn()
            floor_samples.append((time.perf_counter() - start) * 1000)
    return _stats(app_samples), _stats(floor_samples) if floor_fn else None


# --- the floor: hand-written SQL -------------------------------------------------------
class Floor:
    """Hand-written statements for the same figures, run with the bare driver."""

    def __init__(self, url: str, tenant_id: str, pipeline_id: str) -> None:
        self.pg = url.startswith("postgres")
        self.t = tenant_id
        self.p = pipeline_id
        if self.pg:
            import psycopg

            self.conn: Any = psycopg.connect(url.replace("postgresql+psycopg", "postgresql"),
                                             autocommit=True)
            # The same session settings the app's analytics statements run with.
            self.conn.execute("SET work_mem = '64MB'")
            self.conn.execute("SET jit = off")
        else:
            import sqlite3

            self.conn = sqlite3.connect(url.split("///", 1)[1])

    def q(self, sql: str, params: dict[str, Any]) -> list[Any]:
        if not self.pg:
            for key in params:
                sql = sql.replace(f"%({key})s", f":{key}")
            params = {k: (v.replace(tzinfo=None).isoformat(" ") if isinstance(v, datetime)
                          else v.isoformat() if isinstance(v, date) else v)
                      for k, v in params.items()}
        cur = self.conn.execute(sql, params)
        return cur.fetchall()  # type: ignore[no-any-return]

    def days(self, a: str, b: str) -> str:
        return (f"extract(epoch from {b} - {a}) / 86400.0" if self.pg
                else f"(julianday({b}) - julianday({a}))")

    def sum_days(self, a: str, b: str, where: str) -> str:
        return (f"extract(epoch from sum({b} - {a}) FILTER (WHERE {where})) / 86400.0"
                if self.pg else f"sum({self.days(a, b)}) FILTER (WHERE {where})")

    def funnel(self, start: datetime, end: datetime) -> None:
        rank = " ".join(f"WHEN '{k}' THEN {v}" for k, v in RANK.items())
        first = "(prior_entry_at IS NULL OR prior_entry_at < %(start)s)"
        args = {"t": self.t, "p": self.p, "start": start, "end": end}
        self.q(f"""
            SELECT stage, count(*) FILTER (WHERE {first}),
                   sum(amount) FILTER (WHERE {first}),
                   count(*) FILTER (WHERE {first} AND CASE furthest_stage {rank} ELSE -1 END
                                                      > CASE stage {rank} ELSE -1 END),
                   count(*) FILTER (WHERE {first} AND furthest_stage = 'won'),
                   {self.sum_days('entered_at', 'left_at', 'left_at IS NOT NULL')},
                   count(*) FILTER (WHERE left_at IS NOT NULL)
            FROM opportunity_stage_history
            WHERE tenant_id = %(t)s AND pipeline_id = %(p)s
              AND entered_at >= %(start)s AND entered_at < %(end)s
              AND opportunity_id NOT IN (SELECT id FROM opportunities
                                         WHERE tenant_id = %(t)s AND deleted_at IS NOT NULL)
            GROUP BY stage""", args)
        self.q(f"""
            SELECT sum(CASE WHEN status = 'won' THEN 1 ELSE 0 END),
                   sum(CASE WHEN status = 'lost' THEN 1 ELSE 0 END),
                   sum(CASE WHEN status = 'won' THEN amount END),
                   avg(CASE WHEN status = 'won' THEN {self.days('created_at', 'closed_at')} END)
            FROM opportunities
            WHERE tenant_id = %(t)s AND pipeline_id = %(p)s AND status IN ('won', 'lost')
              AND closed_at >= %(start)s AND closed_at < %(end)s AND deleted_at IS NULL""",
               args)

    def rates(self, as_of: datetime, window: int = 365, horizon: int = 180
              ) -> dict[tuple[str, int], tuple[int, int, float | None]]:
        """(stage, age) → (deals still open at that age, won within the horizon, mean days
        to those wins), as ``modules/analytics/rates.py`` defines them."""
        moment = "%(as_of)s::timestamptz" if self.pg else "%(as_of)s"
        args: dict[str, Any] = {"t": self.t, "p": self.p, "as_of": as_of,
                                "oldest": as_of - timedelta(days=window + AGES[-1] + horizon)}
        firsts = ", ".join(f"min(CASE WHEN stage = '{k}' THEN entered_at END) AS f{i}"
                           for i, k in enumerate(OPEN))
        closing = "(left_at IS NULL OR left_at > %(as_of)s) AND stage IN ('won', 'lost')"
        sums = []
        for i in range(len(OPEN)):
            open_for = self.days(f"f{i}", f"coalesce(closed_at, {moment})")
            to_win = self.days(f"f{i}", "closed_at")
            for age in AGES:
                end = as_of - timedelta(days=age + horizon)
                args[f"lo{age}"], args[f"hi{age}"] = end - timedelta(days=window), end
                alive = f"f{i} >= %(lo{age})s AND f{i} < %(hi{age})s AND {open_for} > {age}"
                hit = f"{alive} AND won = 1 AND {to_win} <= {age + horizon}"
                sums.append(f"sum(CASE WHEN {alive} THEN 1 ELSE 0 END), "
                            f"sum(CASE WHEN {hit} THEN 1 ELSE 0 END), "
                            f"avg(CASE WHEN {hit} THEN {to_win} - {age} END)")
        row = self.q(f"""
            SELECT {", ".join(sums)} FROM (
              SELECT {firsts},
                     max(CASE WHEN {closing} THEN entered_at END) AS closed_at,
                     max(CASE WHEN {closing} AND stage = 'won' THEN 1 ELSE 0 END) AS won
              FROM opportunity_stage_history
              WHERE tenant_id = %(t)s AND pipeline_id = %(p)s
                AND entered_at >= %(oldest)s AND entered_at < %(as_of)s
                AND opportunity_id NOT IN (SELECT id FROM opportunities
                                           WHERE tenant_id = %(t)s AND deleted_at IS NOT NULL)
              GROUP BY opportunity_id) d""", args)[0]
        out = {}
        n = 0
        for k in OPEN:
            for age in AGES:
                alive, won, days = row[n], row[n + 1], row[n + 2]
                n += 3
                out[(k, age)] = (int(alive or 0), int(won or 0),
                                 float(days) if days is not None else None)
        return out

    def _open_deals(self, rates: dict[tuple[str, int], tuple[int, int, float | None]],
                    now: datetime) -> str:
        """Per open deal: amount, weighted amounts, close and expected dates, in-period
        flags (the forecast's definitions, constants from the rates inlined)."""
        prob = {"initial": 10, "qualified": 30, "proposal": 60, "negotiation": 80}

        def per_stage(value: Callable[[str, int], str]) -> str:
            inner = " ".join(
                f"WHEN '{k}' THEN CASE age "
                + " ".join(f"WHEN {a} THEN {value(k, a)}" for a in AGES) + " END"
                for k in OPEN)
            return f"CASE stage {inner} END"

        def weight(k: str, a: int) -> str:
            alive, won, _days = rates.get((k, a), (0, 0, None))
            return f"{won / alive:.6f}" if alive >= 20 else f"{prob[k] / 100}"

        def when(k: str, a: int) -> str:
            alive, _won, days = rates.get((k, a), (0, 0, None))
            if alive < 20 or days is None:
                return "close_date"
            d = (now + timedelta(days=days)).date().isoformat()
            return f"DATE '{d}'" if self.pg else f"'{d}'"

        ages = " ".join(f"WHEN coalesce(stage_changed_at, created_at) <= %(a{a})s THEN {a}"
                        for a in reversed(AGES[1:]))
        pcase = "CASE stage " + " ".join(f"WHEN '{k}' THEN {v}" for k, v in prob.items()) \
            + " END"
        return f"""
            SELECT owner_id, stage, cat, amount, w_pct, h, close_date, expected,
                   close_date BETWEEN %(first)s AND %(last)s AS in_close,
                   expected BETWEEN %(first)s AND %(last)s AS in_exp
            FROM (SELECT owner_id, stage, forecast_category AS cat,
                         coalesce(amount, 0) AS amount,
                         coalesce(amount, 0) * coalesce(probability, {pcase}) AS w_pct,
                         coalesce(amount, 0) * {per_stage(weight)} AS h, close_date,
                         {per_stage(when)} AS expected
                  FROM (SELECT *, CASE {ages} ELSE 0 END AS age FROM opportunities
                        WHERE tenant_id = %(t)s AND status = 'open'
                          AND deleted_at IS NULL) o) x"""

    def forecast(self, first: date, last: date,
                 rates: dict[tuple[str, int], tuple[int, int, float | None]]) -> None:
        now = datetime.now(UTC)
        month = "to_char({}, 'YYYY-MM')" if self.pg else "strftime('%Y-%m', {})"
        args: dict[str, Any] = {"t": self.t, "first": first, "last": last,
                                **{f"a{a}": now - timedelta(days=a) for a in AGES},
                                "start": datetime.combine(first, datetime.min.time(), UTC),
                                "end": datetime.combine(last + timedelta(days=1),
                                                        datetime.min.time(), UTC)}
        sums = """sum(CASE WHEN in_close THEN amount END),
                  sum(CASE WHEN in_close THEN w_pct END), sum(CASE WHEN in_exp THEN h END),
                  sum(CASE WHEN in_close AND cat = 'commit' THEN amount END),
                  sum(CASE WHEN in_close AND cat = 'best_case' THEN amount END),
                  sum(CASE WHEN in_close THEN 1 END), sum(CASE WHEN in_exp THEN 1 END)"""
        deals = self._open_deals(rates, now)
        if self.pg:
            self.q(f"""
                WITH d AS MATERIALIZED ({deals})
                SELECT owner_id, stage, {month.format('close_date')} AS cm,
                       {month.format('expected')} AS em, {sums}
                FROM d WHERE in_close OR in_exp
                GROUP BY GROUPING SETS ((owner_id), (stage), (cm), (em))""", args)
        else:
            self.q(f"""
                WITH d AS MATERIALIZED ({deals})
                SELECT 'o', owner_id, {sums} FROM d WHERE in_close OR in_exp GROUP BY 2
                UNION ALL SELECT 's', stage, {sums} FROM d WHERE in_close OR in_exp GROUP BY 2
                UNION ALL SELECT 'c', {month.format('close_date')}, {sums} FROM d
                  WHERE in_close GROUP BY 2
                UNION ALL SELECT 'e', {month.format('expected')}, {sums} FROM d
                  WHERE in_exp GROUP BY 2""", args)
        self.q(f"""
            SELECT owner_id, {month.format('closed_at')} AS m, sum(amount)
            FROM opportunities
            WHERE tenant_id = %(t)s AND status = 'won' AND deleted_at IS NULL
              AND closed_at >= %(start)s AND closed_at < %(end)s
            GROUP BY owner_id, m""", args)

    def report(self) -> None:
        self.q("""
            SELECT owner_id, stage, count(*), sum(amount) FROM opportunities
            WHERE tenant_id = %(t)s AND deleted_at IS NULL
            GROUP BY owner_id, stage ORDER BY owner_id, stage LIMIT 1001""", {"t": self.t})


# --- the app ---------------------------------------------------------------------------
def app_client(url: str) -> Any:
    from fastapi.testclient import TestClient

    from salescrm.app import create_app
    from salescrm.config import Settings

    app = create_app(Settings(database_url=url, embedded_worker=False), start_worker=False)
    return app, TestClient(app)


def login(client: Any, email: str, password: str) -> dict[str, str]:
    r = client.post("/api/v1/auth/login", json={"email": email, "password": password})
    r.raise_for_status()
    client.cookies.clear()
    return {"Authorization": f"Bearer {r.json()['access_token']}", "Accept-Language": "en"}


def call(client: Any, headers: dict[str, str], method: str, path: str,
         **kw: Any) -> Callable[[], Any]:
    def run() -> Any:
        r = client.request(method, path, headers=headers, **kw)
        assert r.status_code == 200, r.text[:500]
        return r

    return run


def quarter(d: date) -> tuple[date, date]:
    first = date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)
    nxt = date(first.year + (first.month + 3 > 12), (first.month + 2) % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def build_cases(app: Any, client: Any, meta: dict[str, Any], floor: Floor
                ) -> dict[str, tuple[Callable[[], Any], Callable[[], Any] | None]]:
    """Case name → (app call, the same figures by hand-written SQL or None)."""
    admin = login(client, meta["admin_email"], meta["admin_password"])
    manager = login(client, meta["manager_email"], meta["rep_password"])
    today = datetime.now(UTC).date()
    f_start, f_end = today - timedelta(days=89), today
    start_at = datetime.combine(f_start, datetime.min.time(), UTC)
    end_at = datetime.combine(f_end + timedelta(days=1), datetime.min.time(), UTC)
    q_first, q_last = quarter(today)
    funnel_params = {"from": f_start.isoformat(), "to": f_end.isoformat()}
    forecast_params = {"from": q_first.isoformat(), "to": q_last.isoformat()}
    report = {"object": "opportunities", "group_by": ["owner_id", "stage"],
              "measures": [{"agg": "count"}, {"field": "amount", "agg": "sum"}]}

    def refresh_rates() -> None:
        """What the background job does: recompute and cache the stage rates."""
        from salescrm.modules.analytics.pipeline_data import all_pipelines
        from salescrm.modules.analytics.rates import refresh
        from salescrm.platform.tenancy.system import system_context

        with app.state.sessions() as s:
            ctx = system_context(s, meta["tenant_id"])
            refresh(ctx, datetime.now(UTC), 365, 180, all_pipelines(ctx))
            s.commit()

    # "Rates cached": a fresh database has none yet (the first forecast would spend its
    # inline budget computing them, then leave them to the background job).
    refresh_rates()
    rates = floor.rates(datetime.now(UTC))
    return {
        "funnel (all deals, 90 days)": (
            call(client, admin, "GET", "/api/v1/analytics/funnel", params=funnel_params),
            lambda: floor.funnel(start_at, end_at)),
        "funnel (all deals, 30 days)": (
            call(client, admin, "GET", "/api/v1/analytics/funnel",
                 params={"from": (today - timedelta(days=29)).isoformat(),
                         "to": today.isoformat()}),
            lambda: floor.funnel(end_at - timedelta(days=30), end_at)),
        "forecast (quarter, rates cached)": (
            call(client, admin, "GET", "/api/v1/analytics/forecast", params=forecast_params),
            lambda: floor.forecast(q_first, q_last, rates)),
        "forecast rates refresh (background job)": (
            refresh_rates, lambda: floor.rates(datetime.now(UTC))),
        "report builder: owner × stage over all deals": (
            call(client, admin, "POST", "/api/v1/reports/run", json=report), floor.report),
        "funnel, a manager's department tree": (
            call(client, manager, "GET", "/api/v1/analytics/funnel", params=funnel_params),
            None),
        "forecast, a manager's department tree": (
            call(client, manager, "GET", "/api/v1/analytics/forecast",
                 params=forecast_params), None),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    from generate import meta_path  # type: ignore[import-not-found]

    meta = json.loads(meta_path(args.url).read_text())
    app, client = app_client(args.url)
    floor = Floor(args.url, meta["tenant_id"], meta["pipeline_id"])
    load_before = os.getloadavg()[0]
    results = []
    for name, (app_fn, floor_fn) in build_cases(app, client, meta, floor).items():
        app_t, floor_t = _measure(app_fn, floor_fn, args.runs)
        ratio = round(app_t["median_ms"] / floor_t["median_ms"], 2) if floor_t else None
        results.append({"case": name, "app": app_t, "floor": floor_t, "ratio": ratio})
        print(json.dumps(results[-1], ensure_ascii=False), flush=True)
    out = {"url": args.url.split("@")[-1], "date": datetime.now(UTC).isoformat(),
           "machine": f"{platform.node()} · {os.cpu_count()} CPUs · {platform.platform()}",
           "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)],
           "opportunities": meta["opportunities"], "stage_history": meta["stage_history"],
           "accounts": meta["accounts"], "reps": meta["reps"], "results": results}
    meta_path(args.url).with_suffix(".result.json").write_text(
        json.dumps(out, ensure_ascii=False, indent=2))
    print(f"\nload average {out['load_average'][0]} → {out['load_average'][1]}")
    print("| case | app median (p95) ms | hand-written SQL median ms | ratio |")
    print("|---|---|---|---|")
    for r in results:
        floor_ms = f"{r['floor']['median_ms']}" if r["floor"] else "—"
        print(f"| {r['case']} | {r['app']['median_ms']} ({r['app']['p95_ms']}) | {floor_ms} "
              f"| {r['ratio'] if r['ratio'] is not None else '—'} |")


if __name__ == "__main__":
    main()
