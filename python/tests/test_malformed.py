"""Malformed tables are refused with a typed error: never a crash, never a half result."""

import random

import pyarrow as pa
import pytest

import creditgrade as cg


def set_col(t, name, array):
    return t.set_column(t.column_names.index(name), name, array)


def with_nulls(t, name, rows):
    values = t[name].to_pylist()
    for r in rows:
        values[r] = None
    return set_col(t, name, pa.array(values, t.schema.field(name).type))


CASES = [
    ("enterprises", lambda t: t.drop_columns(["id"]), "InvalidInput", "enterprises.id"),
    ("enterprises", lambda t: t.drop_columns(["legal_person"]), "InvalidInput", "enterprises.legal_person"),
    ("enterprises", lambda t: set_col(t, "id", pa.array(range(t.num_rows))), "InvalidInput", "enterprises.id"),
    ("enterprises", lambda t: set_col(t, "registered_on", pa.array([1.5] * t.num_rows)), "InvalidInput", "enterprises.registered_on"),
    ("enterprises", lambda t: set_col(t, "legal_person", pa.array(["yes"] * t.num_rows)), "Parse", "enterprises.legal_person"),
    ("enterprises", lambda t: with_nulls(t, "id", [3]), "Parse", "enterprises.id"),
    ("enterprises", lambda t: with_nulls(t, "registered_on", [0]), "Parse", "enterprises.registered_on"),
    ("enterprises", lambda t: set_col(t, "id", pa.array(["E01"] * t.num_rows)), "Parse", "enterprises.id"),
    ("events", lambda t: t.drop_columns(["kind"]), "InvalidInput", "events.kind"),
    ("events", lambda t: set_col(t, "kind", pa.array(["bribe"] * t.num_rows)), "Parse", "events.kind"),
    ("events", lambda t: set_col(t, "enterprise_id", pa.array(["NOBODY"] * t.num_rows)), "Parse", "events.enterprise_id"),
    ("events", lambda t: with_nulls(t, "date", [5]), "Parse", "events.date"),
    ("events", lambda t: set_col(t, "date", pa.array([[1]] * t.num_rows)), "InvalidInput", "events.date"),
    ("events", lambda t: set_col(t, "until", pa.array([True] * t.num_rows)), "InvalidInput", "events.until"),
    ("catalogue", lambda t: t.drop_columns(["severity"]), "InvalidInput", "catalogue.severity"),
    ("catalogue", lambda t: set_col(t, "severity", pa.array(["grave"] * t.num_rows)), "Parse", "catalogue.severity"),
    ("catalogue", lambda t: with_nulls(t, "article", [0]), "Parse", "catalogue.article"),
]


@pytest.mark.parametrize("which,mutate,kind,field", CASES)
def test_malformed_table_is_refused_naming_the_column(spec_tables, which, mutate, kind, field):
    tables = dict(zip(("enterprises", "events", "catalogue"), spec_tables))
    tables[which] = mutate(tables[which])
    with pytest.raises(cg.CreditgradeError) as info:
        cg.grade(tables["enterprises"], tables["events"], tables["catalogue"], "2025-02-01")
    assert info.value.kind == kind, str(info.value)
    assert info.value.field == field, str(info.value)


def test_things_that_are_not_tables_are_a_type_error(spec_tables):
    e, ev, c = spec_tables
    for bad in (None, 42, "enterprises.csv", [1, 2, 3], object()):
        with pytest.raises(TypeError):
            cg.grade(bad, ev, c, "2025-02-01")
    with pytest.raises(TypeError):
        cg.grade(e, ev, c, 20250201)
    with pytest.raises(TypeError):
        cg.grade(e, ev, c, "2025-02-01", policy="seed")
    with pytest.raises(ValueError):
        cg.grade(e, ev, c, "2025-02-01", errors="ignore")


def test_empty_tables_grade_to_an_empty_result(spec_tables):
    e, ev, c = spec_tables
    t = cg.grade(e.slice(0, 0), ev.slice(0, 0), c, "2025-02-01")
    assert t.num_rows == 0 and "grade" in t.column_names


def test_random_nulls_and_junk_never_crash(spec_tables):
    """Nulls and junk strings in random cells: a result or a typed error, every time."""
    rng = random.Random(11)
    e, ev, c = spec_tables
    junk = [None, "", "x", "2025-02-30", "penalty", "E01", "true", "9999-99-99", "０", "A-SER"]
    for _ in range(150):
        tables = [e, ev, c]
        k = rng.randrange(3)
        t = tables[k]
        name = rng.choice(t.column_names)
        values = t[name].to_pylist()
        for _ in range(rng.randint(1, 3)):
            values[rng.randrange(len(values))] = rng.choice(junk)
        tables[k] = set_col(t, name, pa.array(values, pa.string()))
        try:
            out = cg.grade(*tables, "2025-02-01", reasons=rng.random() < 0.5)
        except cg.CreditgradeError as err:
            assert err.kind in ("Parse", "InvalidInput", "ConflictingArticle"), str(err)
            if err.kind != "ConflictingArticle":
                assert err.field and err.field.split(".")[0] in ("enterprises", "events", "catalogue")
        else:
            assert out.num_rows == tables[0].num_rows
