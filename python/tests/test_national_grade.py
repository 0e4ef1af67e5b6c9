"""Grading with national effects: `grade(..., policy=Policy.national_2026(),
rules=NationalRules.national_2026())` reads the events' national columns and
rows, and equals the Rust library's national path on the national fixture."""

import csv

import pyarrow as pa
import pytest

import creditgrade as cg
from conftest import ROOT, read_csv
from creditgrade import national

NATIONAL = ROOT / "tests" / "fixtures" / "interchange" / "national"
AS_OF = "2026-05-15"


@pytest.fixture(scope="module")
def tables():
    return tuple(read_csv(NATIONAL / f"{name}.csv") for name in ("enterprises", "events", "catalogue"))


def expected():
    """The grades of the library's history path (checked by tests/national_population.rs)."""
    with open(NATIONAL / "expected_national_grades.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def grade(tables, **kw):
    e, ev, c = tables
    kw.setdefault("policy", cg.Policy.national_2026())
    kw.setdefault("rules", national.NationalRules.national_2026())
    return cg.grade(e, ev, c, AS_OF, **kw)


def test_equal_to_the_rust_national_path(tables):
    got = grade(tables).to_pylist()
    want = expected()
    assert [r["id"] for r in got] == [r["id"] for r in want]
    for g, w in zip(got, want):
        if w["error"]:
            assert g["status"] == "error" and g["grade"] is None, g
            assert w["error"] in g["error"] or "not a decision" in g["error"], g
        else:
            assert g["status"] == "active", g
            assert g["grade"] == w["grade"], g
            locked = g["locked_until"].isoformat() if g["locked_until"] else ""
            assert locked == w["locked_until"], g
    # The serious list capped two enterprises at D.
    assert [g["id"] for g in got if g["grade"] == "D"] == ["N07", "N11"]


def test_reasons_sequential_and_pandas_agree(tables):
    lean = grade(tables)
    full = grade(tables, reasons=True)
    assert full.select(lean.column_names).equals(lean)
    assert grade(tables, parallel=False).equals(lean)
    n07 = [r for r in full.to_pylist() if r["id"] == "N07"][0]
    assert "serious_list" in [r["code"] for r in n07["reasons"]]
    assert '"national_cap"' in n07["binding"] or "national" in n07["binding"]
    e, ev, c = tables
    ev_pd = ev.to_pandas()
    import pandas as pd

    ev_pd["published_on"] = pd.to_datetime(ev_pd["published_on"])
    ev_pd["date"] = pd.to_datetime(ev_pd["date"])
    assert grade((e.to_pandas(), ev_pd, c.to_pandas())).equals(lean)


def test_the_seed_with_rules_grades_as_without_the_national_rows(tables):
    e, ev, c = tables
    kinds = ev["kind"].to_pylist()
    today = ev.filter(pa.array([k not in national_kinds() for k in kinds]))
    today = today.select(["id", "enterprise_id", "date", "kind", "code", "level", "until", "target"])
    seed = grade(tables, policy=None)
    assert seed.equals(cg.grade(e, today, c, AS_OF))
    # and differs from the national grades
    assert not seed.equals(grade(tables))


def national_kinds():
    return {"fulfilment", "repair_application", "abnormal_listing", "abnormal_removal",
            "abnormal_cure", "serious_listing", "serious_removal"}


def test_a_national_policy_without_rules_still_refuses(tables):
    e, ev, c = tables
    kinds = ev["kind"].to_pylist()
    today = ev.filter(pa.array([k not in national_kinds() for k in kinds]))
    rows = cg.grade(e, today, c, AS_OF, policy=cg.Policy.national_2026()).to_pylist()
    assert {r["status"] for r in rows} == {"error"}
    with pytest.raises(cg.InvalidPolicyError) as info:
        cg.grade(e, today, c, AS_OF, policy=cg.Policy.national_2026(), errors="raise")
    assert info.value.field == "national"


def with_cell(table, row, column, value):
    values = table[column].to_pylist()
    values[row] = value
    return table.set_column(table.schema.get_field_index(column), column, pa.array(values, pa.string()))


def test_refusals_name_column_and_row(tables):
    e, ev, c = tables
    kinds = ev["kind"].to_pylist()
    penalty = kinds.index("penalty")
    fulfilment = kinds.index("fulfilment")
    cases = [
        (penalty, "measures", "fine:5k", "events.measures"),
        (penalty, "heavy", "yes", "events.heavy"),
        (fulfilment, "target", None, "events.target"),
        (fulfilment, "enterprise_id", "NOPE", "events.enterprise_id"),
    ]
    for row, column, value, field in cases:
        with pytest.raises(cg.ParseError) as info:
            grade((e, with_cell(ev, row, column, value), c))
        assert info.value.field == field, info.value
        assert f"row {row}:" in info.value.message, info.value
    with pytest.raises(TypeError):
        grade(tables, rules="national_2026")
    # A standing's error raises with errors="raise", naming the enterprise.
    with pytest.raises(cg.UnknownDecisionError) as info:
        grade(tables, errors="raise")
    assert info.value.enterprise == "N09"
