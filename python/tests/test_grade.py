import csv
import datetime as dt
import io
import subprocess

import pyarrow as pa
import pyarrow.compute as pc
import pytest

import creditgrade as cg
from conftest import SPEC


def expected_rows():
    with open(SPEC / "expected.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def as_grades_csv(table: pa.Table):
    """The columns of grade_csv's grades.csv, from the Arrow output."""
    out = []
    for r in table.to_pylist():
        status = r["status"]
        out.append(
            {
                "id": r["id"],
                "grade": r["grade"] or status,
                "locked_until": r["locked_until"].isoformat() if r["locked_until"] else "",
                "points": r["points"] or "",
            }
        )
    return out


def test_spec_fixture_grades_as_expected(spec_tables):
    e, ev, c = spec_tables
    table = cg.grade(e, ev, c, "2025-02-01")
    assert isinstance(table, pa.Table)
    assert table.column_names == [
        "id", "status", "grade", "tier", "locked_until", "points", "score", "error",
    ]
    got = as_grades_csv(table)
    want = expected_rows()
    assert len(got) == len(want) == 27
    for g, w in zip(got, want):
        assert g == {k: w[k] for k in ("id", "grade", "locked_until", "points")}
        if w["grade"] == "error":
            # note is Kind(subject): the message names the subject
            subject = w["note"].split("(")[1].rstrip(")")
            row = table.filter(pc.equal(table["id"], w["id"])).to_pylist()[0]
            assert subject in row["error"]


def test_sequential_parallel_and_reasons_agree(spec_tables):
    e, ev, c = spec_tables
    par = cg.grade(e, ev, c, dt.date(2025, 2, 1))
    seq = cg.grade(e, ev, c, dt.date(2025, 2, 1), parallel=False)
    assert par.equals(seq)
    full = cg.grade(e, ev, c, "2025-02-01", reasons=True)
    assert full.column_names == par.column_names + ["binding", "reasons"]
    assert full.select(par.column_names).equals(par)
    e09 = full.filter(pc.equal(full["id"], "E02")).to_pylist()[0]
    assert e09["reasons"], "a locked grade has reasons"
    assert all(set(r) == {"code", "rule", "method", "evidence", "detail"} for r in e09["reasons"])


def test_policy_argument_changes_the_fingerprint_and_grades(spec_tables):
    e, ev, c = spec_tables
    d = cg.Policy.seed().to_dict()
    d["name"] = "strict"
    p = cg.Policy.from_dict(d)
    assert p.fingerprint != cg.Policy.seed().fingerprint
    assert cg.grade(e, ev, c, "2025-02-01", policy=p).equals(cg.grade(e, ev, c, "2025-02-01"))


def test_pandas_and_polars_inputs_grade_the_same(spec_tables):
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    e, ev, c = spec_tables
    want = cg.grade(e, ev, c, "2025-02-01")
    # pandas, with dates as datetime64 columns
    epd, evpd = e.to_pandas(), ev.to_pandas()
    epd["registered_on"] = pd.to_datetime(epd["registered_on"])
    evpd["date"] = pd.to_datetime(evpd["date"])
    evpd["until"] = pd.to_datetime(evpd["until"])
    assert cg.grade(epd, evpd, c.to_pandas(), "2025-02-01").equals(want)
    # polars, with real dates and booleans
    epl = pl.from_arrow(e).with_columns(
        pl.col("registered_on").str.to_date(), pl.col("legal_person") == "true"
    )
    evpl = pl.from_arrow(ev).with_columns(pl.col("date").str.to_date(), pl.col("until").str.to_date())
    assert cg.grade(epl, evpl, pl.from_arrow(c), "2025-02-01").equals(want)
    # a catalogue as a dict
    cat = dict(zip(c["article"].to_pylist(), c["severity"].to_pylist()))
    assert cg.grade(e, ev, cat, "2025-02-01").equals(want)


def test_result_converts_to_pandas_and_polars(spec_tables):
    pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    t = cg.grade(*spec_tables, "2025-02-01")
    assert list(t.to_pandas()["id"]) == t["id"].to_pylist()
    assert pl.from_arrow(t).height == 27


def test_spec_fixture_equals_the_rust_csv_path(spec_tables, grade_csv_binary):
    out = subprocess.run(
        [str(grade_csv_binary), "--as-of", "2025-02-01", str(SPEC)],
        check=True, capture_output=True, text=True,
    ).stdout
    rust = [{k: r[k] for k in ("id", "grade", "locked_until", "points")} for r in csv.DictReader(io.StringIO(out))]
    assert as_grades_csv(cg.grade(*spec_tables, "2025-02-01")) == rust


def write_interchange(directory, enterprises, events, catalogue):
    """Writes the three tables as interchange CSV files (dates YYYY-MM-DD, nulls empty)."""
    import pyarrow.csv as pcsv

    directory.mkdir(parents=True, exist_ok=True)
    for name, table in (("enterprises", enterprises), ("events", events), ("catalogue", catalogue)):
        cols = []
        for field in table.schema:
            col = table[field.name]
            if pa.types.is_boolean(field.type):
                col = pc.if_else(col, "true", "false")
            elif pa.types.is_date32(field.type):
                col = pc.strftime(col.cast(pa.timestamp("s")), "%Y-%m-%d")
            cols.append(col.cast(pa.string()))
        pcsv.write_csv(
            pa.table(cols, names=table.column_names),
            directory / f"{name}.csv",
            write_options=pcsv.WriteOptions(quoting_style="needed"),
        )


@pytest.mark.parametrize("generator", ["register", "synthetic"])
def test_generated_population_equals_the_rust_csv_path(tmp_path, grade_csv_binary, generator):
    from creditgrade import research

    if generator == "register":
        e, ev = research.register_population(3000, seed=21)
        as_of = research.REGISTER_AS_OF
    else:
        e, ev = research.synthetic_population(3000, seed=21)
        as_of = "2025-06-30"
    cat = research.synthetic_catalogue()
    write_interchange(tmp_path, e, ev, cat)
    out = subprocess.run(
        [str(grade_csv_binary), "--as-of", as_of, str(tmp_path)],
        check=True, capture_output=True, text=True,
    ).stdout
    rust = [{k: r[k] for k in ("id", "grade", "locked_until", "points")} for r in csv.DictReader(io.StringIO(out))]
    ours = as_grades_csv(cg.grade(e, ev, cat, as_of))
    assert len(ours) == len(rust) == 3000
    assert ours == rust
    assert len({r["grade"] for r in rust}) >= 4


def test_outlook_equals_the_fixture(spec_tables):
    with open(SPEC / "expected_outlook.csv", encoding="utf-8") as f:
        want = [(r["id"], r["next_change"], r["next_grade"]) for r in csv.DictReader(f)]
    t = cg.outlook(*spec_tables, "2025-02-01")
    assert t.column_names == ["id", "next_change", "next_grade", "error"]
    got = [
        (r["id"], r["next_change"].isoformat() if r["next_change"] else "", r["next_grade"] or "")
        for r in t.to_pylist()
    ]
    assert got == want


def test_duckdb_results_grade_the_same(spec_tables, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    import pyarrow.parquet as pq

    e, ev, c = spec_tables
    for name, t in (("e", e), ("ev", ev), ("c", c)):
        pq.write_table(t, tmp_path / f"{name}.parquet")
    con = duckdb.connect()
    rel = lambda name: con.sql(f"select * from read_parquet('{tmp_path / name}.parquet')")  # noqa: E731
    # a relation exports an Arrow stream: read without a pandas detour
    got = cg.grade(rel("e"), rel("ev"), rel("c"), "2025-02-01")
    assert got.equals(cg.grade(e, ev, c, "2025-02-01"))


def test_grading_releases_the_gil():
    """Another Python thread runs while grade() works: it could not if the GIL were held."""
    import sys
    import threading
    import time

    from creditgrade import research

    e, ev = research.register_population(60_000, seed=2)
    cat = research.synthetic_catalogue()
    count = [0]
    stop = threading.Event()

    def spin():
        while not stop.is_set():
            count[0] += 1
            time.sleep(0)  # hands the GIL back at once

    # With a switch interval this long the interpreter never takes the GIL
    # from the main thread: the spinner runs only while the main thread has
    # released it itself (a sort or a Python loop of the same length gives 0).
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1000)
    t = threading.Thread(target=spin)
    t.start()
    try:
        before = count[0]
        cg.grade(e, ev, cat, research.REGISTER_AS_OF, parallel=False, reasons=True)
        during = count[0] - before
    finally:
        stop.set()
        sys.setswitchinterval(interval)
        t.join()
    assert during > 100, during
