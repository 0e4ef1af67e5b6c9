import pickle

import pyarrow as pa
import pyarrow.compute as pc
import numpy as np
import pytest

import creditgrade as cg
from creditgrade import _creditgrade, research


def only(table, ids):
    return table.filter(pc.is_in(table[table.column_names[0]], pa.array(ids)))


def events_of(ev, ids):
    return ev.filter(pc.is_in(ev["enterprise_id"], pa.array(ids)))


def test_one_exception_class_per_kind():
    kinds = _creditgrade.error_kinds()
    assert len(kinds) == len(set(kinds)) >= 16
    for kind in kinds:
        cls = getattr(cg, kind + "Error")
        assert issubclass(cls, cg.CreditgradeError) and cls is not cg.CreditgradeError
        assert cls.kind == kind
        assert cg.ERRORS[kind] is cls
        # what the bindings make from a library error of this kind
        e = cg._errors._make(kind, "enterprise \"E1\": what", "what", "E1", "F1", "col", "X")
        assert type(e) is cls
        assert (e.kind, e.enterprise, e.fact, e.field, e.subject, e.message) == (kind, "E1", "F1", "col", "X", "what")
        back = pickle.loads(pickle.dumps(e))
        assert type(back) is cls and back.field == "col" and str(back) == str(e)


def raised(kind, fn, *args, **kwargs):
    with pytest.raises(cg.CreditgradeError) as info:
        fn(*args, **kwargs)
    assert type(info.value) is getattr(cg, kind + "Error"), info.value
    assert info.value.kind == kind
    return info.value


def test_grading_errors_raise_with_enterprise_fact_and_subject(spec_tables):
    e, ev, c = spec_tables
    err = raised("UnknownArticle", cg.grade, e, ev, c, "2025-02-01", errors="raise")
    assert (err.enterprise, err.subject) == ("E11", "X-1")
    assert err.fact is not None
    err = raised("FactBeforeRegistration", cg.grade, only(e, ["E12"]), events_of(ev, ["E12"]), c, "2025-02-01", errors="raise")
    assert (err.enterprise, err.fact) == ("E12", "C12")
    err = raised("UnknownRepairTarget", cg.grade, only(e, ["E13"]), events_of(ev, ["E13"]), c, "2025-02-01", errors="raise")
    assert err.enterprise == "E13" and err.subject is not None
    # the default reports them as rows instead
    t = cg.grade(e, ev, c, "2025-02-01")
    assert t.filter(pc.equal(t["status"], "error")).num_rows == 4


def test_input_errors_name_the_column(spec_tables):
    e, ev, c = spec_tables
    err = raised("InvalidInput", cg.grade, e.drop_columns(["registered_on"]), ev, c, "2025-02-01")
    assert err.field == "enterprises.registered_on"
    bad = ev.set_column(ev.column_names.index("date"), "date", pa.array(["2025-13-01"] * ev.num_rows))
    err = raised("Parse", cg.grade, e, bad, c, "2025-02-01")
    assert err.field == "events.date" and "row 0" in str(err)
    conflicting = pa.table({"article": ["A", "A"], "severity": ["minor", "serious"]})
    raised("ConflictingArticle", cg.grade, e, ev, conflicting, "2025-02-01")
    err = raised("InvalidInput", cg.grade, e, ev, c, "2025-02-30")
    assert err.field == "as_of"


def test_policy_errors_name_the_json_path():
    d = cg.Policy.seed().to_dict()
    d["lock"]["duration_months"]["minor"] = 0
    err = raised("InvalidPolicy", cg.Policy.from_dict, d)
    assert err.field == "lock.duration_months.minor"
    raised("InvalidPolicy", cg.Policy.from_json, "{")
    d = cg.Policy.seed().to_dict()
    d["surprise"] = 1
    raised("InvalidPolicy", cg.Policy.from_dict, d)


def test_grade_refuses_a_policy_with_national_effects(spec_tables):
    e, ev, c = spec_tables
    p = cg.Policy.national_2026()
    err = raised("InvalidPolicy", cg.grade, e, ev, c, "2025-02-01", policy=p, errors="raise")
    assert err.field == "national" and err.enterprise is not None
    t = cg.grade(e, ev, c, "2025-02-01", policy=p)
    assert t.num_rows == e.num_rows
    assert set(t["status"].to_pylist()) == {"error"}
    assert t["grade"].null_count == t.num_rows


def test_credit_code_and_overflow_errors():
    assert cg.check_credit_code("91350100M000100Y43") == "91350100M000100Y43"
    err = raised("InvalidCreditCode", cg.check_credit_code, "91350100M000100Y44")
    assert err.subject is not None or err.field is not None
    huge = np.full((4, 2), 7.0e28)
    huge[0, 0] = 1.0
    raised("Overflow", research.entropy_weights, huge, exact=True, normalisation="proportion")


def test_policy_round_trips_and_pickles():
    p = cg.Policy.seed()
    assert cg.Policy.from_json(p.to_json()) == p
    assert cg.Policy.from_dict(p.to_dict()) == p
    assert pickle.loads(pickle.dumps(p)) == p
    assert p.fingerprint.startswith("sha256:") and len(p.fingerprint) == 71
    assert cg.Policy.score_preset() != p
    assert "Policy(" in repr(p)
