#!/usr/bin/env python3
"""Grades one population with creditgrade and with one DuckDB SQL statement, checks
that the grades agree, and times both.

    pip install duckdb pyarrow
    cargo run --release --example synth_csv -- 1000000 /tmp/reg --register
    cargo build --release --example grade_csv
    python3 benches/duckdb_compare.py /tmp/reg 2026-06-30 --threads 2

The SQL statement implements the seed policy in floor mode (docs/spec.md): status
(not registered, closed, revoked), penalties by catalogue class, breaches (minor),
the three cumulative rules, missing annual reports, credit repairs with their
minimum periods, lock episodes, and refinement into AAA / AA / A by honour points
and eligibility. It assumes clean data (no unknown articles, no facts before
registration, no bad repair targets), as the synthetic populations are; enterprises
that creditgrade reports as errors are left out of the comparison.

DuckDB's time is the statement alone, over tables already loaded in memory (best of
--runs). creditgrade's times are grade_csv --bench: the summary path over a
population already loaded, sequential and with rayon.
"""

import argparse
import csv
import os
import re
import subprocess
import sys
import time

import duckdb

SQL = """
WITH params AS (SELECT DATE '{as_of}' AS t),
ev AS (
    SELECT v.* FROM events v, params p WHERE v.date <= p.t
),
flags AS (
    SELECT enterprise_id AS id,
           bool_or(kind = 'deregistration') AS closed,
           bool_or(kind = 'revocation') AS revoked
    FROM ev GROUP BY 1
),
sev AS (
    SELECT article,
           CASE severity WHEN 'minor' THEN 1 WHEN 'general' THEN 2 ELSE 3 END AS s
    FROM catalogue
),
raw AS (
    SELECT v.enterprise_id AS id, v.id AS fid, v.date AS d, c.s
    FROM ev v JOIN sev c ON c.article = v.code
    WHERE v.kind = 'penalty'
    UNION ALL
    SELECT enterprise_id, id, date, 1 FROM ev WHERE kind = 'breach'
),
rep AS (
    SELECT r.id, r.fid, min(x.date) AS rdate
    FROM raw r JOIN ev x
      ON x.kind = 'repair' AND x.enterprise_id = r.id AND x.target = r.fid
    WHERE x.date >= CAST(r.d + to_months(CASE r.s WHEN 1 THEN 0 WHEN 2 THEN 3 ELSE 12 END) AS DATE)
    GROUP BY 1, 2
),
counted AS (
    SELECT enterprise_id AS id, id AS fid, date AS d, 1 AS rule, 3 AS n, 1 AS s
    FROM ev WHERE kind = 'complaint'
    UNION ALL
    SELECT enterprise_id, id, date, 2, 2, 1 FROM ev WHERE kind = 'admonition'
    UNION ALL
    SELECT r.id, r.fid, r.d, 3, 3, 2 FROM raw r
    JOIN ev v ON v.id = r.fid AND v.kind = 'penalty' WHERE r.s = 1
),
cum AS (
    SELECT a.id, a.d, a.s
    FROM counted a JOIN counted b
      ON b.id = a.id AND b.rule = a.rule
     AND b.d > CAST(a.d - INTERVAL 12 MONTH AS DATE) AND b.d <= a.d
    GROUP BY a.id, a.fid, a.d, a.rule, a.n, a.s
    HAVING count(*) >= a.n
),
filed AS (
    SELECT DISTINCT enterprise_id AS id, TRY_CAST(code AS INTEGER) AS y
    FROM ev
    WHERE kind = 'annual_report'
      AND date <= make_date(TRY_CAST(code AS INTEGER) + 1, 6, 30)
),
req AS (
    SELECT e.id, r.y
    FROM enterprises e, params p, range(2013, 2200) r(y)
    WHERE r.y >= greatest(year(e.registered_on), 2013)
      AND make_date(CAST(r.y AS INTEGER) + 1, 6, 30) < p.t
      AND e.registered_on <= p.t
),
ann AS (
    SELECT q.id, make_date(CAST(q.y AS INTEGER) + 1, 7, 1) AS d, 1 AS s
    FROM req q LEFT JOIN filed f ON f.id = q.id AND f.y = q.y
    WHERE f.id IS NULL
),
adv AS (
    SELECT r.id, r.d, r.s,
           CASE WHEN rp.rdate IS NULL THEN CAST(r.d + INTERVAL 12 MONTH AS DATE)
                ELSE least(CAST(r.d + INTERVAL 12 MONTH AS DATE), rp.rdate) END AS e_end,
           rp.rdate IS NOT NULL AS repaired
    FROM raw r LEFT JOIN rep rp ON rp.id = r.id AND rp.fid = r.fid
    UNION ALL
    SELECT id, d, s, CAST(d + INTERVAL 12 MONTH AS DATE), false FROM cum
    UNION ALL
    SELECT id, d, s, CAST(d + INTERVAL 12 MONTH AS DATE), false FROM ann
),
ordered AS (
    SELECT *, max(e_end) OVER (PARTITION BY id ORDER BY d, e_end
                               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
    FROM adv
),
episodes AS (
    SELECT *, sum(CASE WHEN prev_end IS NULL OR d >= prev_end THEN 1 ELSE 0 END)
              OVER (PARTITION BY id ORDER BY d, e_end ROWS UNBOUNDED PRECEDING) AS episode
    FROM ordered
),
last_episode AS (
    SELECT id, max(episode) AS episode FROM episodes GROUP BY id
),
lock AS (
    SELECT x.id, max(x.e_end) AS run_end,
           max(CASE WHEN NOT x.repaired THEN x.s END) AS worst
    FROM episodes x JOIN last_episode l ON l.id = x.id AND l.episode = x.episode
    GROUP BY x.id
),
bar AS (
    SELECT DISTINCT a.id FROM adv a, params p
    WHERE NOT a.repaired AND a.d > CAST(p.t - INTERVAL 36 MONTH AS DATE) AND a.d <= p.t
    UNION
    SELECT DISTINCT v.enterprise_id FROM ev v, params p
    WHERE v.kind = 'principal' AND v.date > CAST(p.t - INTERVAL 36 MONTH AS DATE)
),
honours AS (
    SELECT v.enterprise_id AS id, v.code AS kind,
           max(CASE v.code
                 WHEN 'contract_abiding' THEN CASE v.level WHEN 'national' THEN 40 WHEN 'provincial' THEN 30 WHEN 'municipal' THEN 20 ELSE 10 END
                 WHEN 'trademark' THEN CASE v.level WHEN 'national' THEN 30 WHEN 'provincial' THEN 20 WHEN 'municipal' THEN 10 ELSE 5 END
                 WHEN 'other' THEN CASE v.level WHEN 'national' THEN 20 WHEN 'provincial' THEN 15 WHEN 'municipal' THEN 10 ELSE 5 END
                 ELSE CASE v.level WHEN 'a' THEN 20 WHEN 'b' THEN 10 ELSE 5 END
               END) AS points
    FROM ev v, params p
    WHERE v.kind = 'honour' AND (v.until IS NULL OR p.t < v.until)
    GROUP BY 1, 2
),
points AS (
    SELECT id, sum(points) AS points FROM honours GROUP BY id
)
SELECT e.id,
       CASE WHEN e.registered_on > p.t THEN 'not_registered'
            WHEN coalesce(f.closed, false) THEN 'closed'
            WHEN coalesce(f.revoked, false) THEN 'D'
            WHEN l.run_end > p.t AND l.worst IS NOT NULL
                 THEN CASE l.worst WHEN 1 THEN 'B' WHEN 2 THEN 'C' ELSE 'D' END
            WHEN e.legal_person AND b.id IS NULL AND coalesce(pt.points, 0) >= 60 THEN 'AAA'
            WHEN e.legal_person AND b.id IS NULL AND coalesce(pt.points, 0) >= 30 THEN 'AA'
            ELSE 'A'
       END AS grade
FROM enterprises e
CROSS JOIN params p
LEFT JOIN flags f ON f.id = e.id
LEFT JOIN lock l ON l.id = e.id
LEFT JOIN bar b ON b.id = e.id
LEFT JOIN points pt ON pt.id = e.id
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir")
    ap.add_argument("as_of")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--grade-csv", default="target/release/examples/grade_csv")
    args = ap.parse_args()

    con = duckdb.connect()
    con.execute(f"SET threads = {args.threads}")
    t0 = time.perf_counter()
    con.execute(
        f"""CREATE TABLE enterprises AS SELECT * FROM read_csv('{args.dir}/enterprises.csv',
            header = true, all_varchar = false,
            columns = {{'id': 'VARCHAR', 'name': 'VARCHAR', 'registered_on': 'DATE',
                        'legal_person': 'BOOLEAN', 'industry': 'VARCHAR', 'region': 'VARCHAR',
                        'district': 'VARCHAR', 'route': 'VARCHAR'}})"""
    )
    con.execute(
        f"""CREATE TABLE events AS SELECT * FROM read_csv('{args.dir}/events.csv',
            header = true,
            columns = {{'id': 'VARCHAR', 'enterprise_id': 'VARCHAR', 'date': 'DATE',
                        'kind': 'VARCHAR', 'code': 'VARCHAR', 'level': 'VARCHAR',
                        'until': 'DATE', 'target': 'VARCHAR'}})"""
    )
    con.execute(
        f"""CREATE TABLE catalogue AS SELECT * FROM read_csv('{args.dir}/catalogue.csv',
            header = true, columns = {{'article': 'VARCHAR', 'severity': 'VARCHAR'}})"""
    )
    load_s = time.perf_counter() - t0
    n = con.execute("SELECT count(*) FROM enterprises").fetchone()[0]
    facts = con.execute("SELECT count(*) FROM events").fetchone()[0]
    print(f"population: {n} enterprises, {facts} facts; DuckDB load {load_s:.2f} s")

    sql = SQL.format(as_of=args.as_of)
    best = None
    rows = None
    for _ in range(args.runs):
        t0 = time.perf_counter()
        rows = con.execute(sql).fetchall()
        s = time.perf_counter() - t0
        best = s if best is None else min(best, s)
    print(f"duckdb_sql_s={best:.3f} (best of {args.runs}, {args.threads} threads)")
    duck = dict(rows)

    out = os.path.join(args.dir, "grades.csv")
    subprocess.run([args.grade_csv, "--as-of", args.as_of, args.dir, "--out", out], check=True)
    agree = differ = errors = 0
    shown = 0
    with open(out, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["grade"] == "error":
                errors += 1
                continue
            if duck.get(r["id"]) == r["grade"]:
                agree += 1
            else:
                differ += 1
                if shown < 10:
                    print(f"  differs: {r['id']}: creditgrade {r['grade']}, duckdb {duck.get(r['id'])}")
                    shown += 1
    print(f"grades: {agree} agree, {differ} differ, {errors} creditgrade errors left out")

    bench = subprocess.run(
        [args.grade_csv, "--as-of", args.as_of, args.dir, "--bench", str(args.runs)],
        check=True, capture_output=True, text=True,
    ).stdout
    seq = min(float(x) for x in re.findall(r"^grade_s=([0-9.]+)", bench, re.M))
    par = min(float(x) for x in re.findall(r"^grade_par_s=([0-9.]+)", bench, re.M))
    load = float(re.search(r"^load_s=([0-9.]+)", bench, re.M).group(1))
    print(f"creditgrade load_s={load:.3f} grade_s={seq:.3f} grade_par_s={par:.3f}")
    print(f"speed-up over one SQL statement: {best / seq:.1f}x sequential, {best / par:.1f}x parallel")
    return 0 if differ == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
