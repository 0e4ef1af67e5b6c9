import pickle

import pytest

import creditgrade as cg
from creditgrade import national


def decision(fact, on, amount=2_000):
    return {
        "fact": fact,
        "decided_on": on,
        "article": "art-7",
        "measures": [{"kind": "warning"}, {"kind": "fine", "amount": str(amount)}],
        "published_on": on,
    }


def test_publicity_of_a_small_fine_as_in_the_library():
    dossier = {"enterprise": "E1", "decisions": [decision("P1", "2025-11-30")]}
    [p] = national.publicity(dossier, "2026-02-27")
    assert p["system"]["until"] == "2026-02-28"  # three months, clamped to the month's end
    assert p["system"]["public"] is True
    assert p["credit_china"]["class"] == "general"
    # a JSON string is accepted too
    import json

    assert national.publicity(json.dumps(dossier), "2026-02-27") == [p]


def test_rules_round_trip_and_pickle():
    r = national.NationalRules.national_2026()
    assert national.NationalRules.from_dict(r.to_dict()) == r
    assert national.NationalRules.from_json(r.to_json()) == r
    assert pickle.loads(pickle.dumps(r)) == r
    assert r.fingerprint.startswith("sha256:")


def test_national_errors_are_typed():
    before = {"enterprise": "E1", "decisions": [decision("P1", "2021-08-31", 50_000)]}
    with pytest.raises(cg.BeforeFirstVersionError) as e:
        national.publicity(before, "2025-01-01")
    assert (e.value.enterprise, e.value.fact) == ("E1", "P1")
    unknown = {
        "enterprise": "E1",
        "decisions": [decision("P1", "2026-04-01", 50_000)],
        "listings": {"serious": [{"from": "2026-06-01", "basis": "P9"}]},
    }
    with pytest.raises(cg.UnknownDecisionError) as e:
        national.publicity(unknown, "2026-07-01")
    assert e.value.field == "listings.serious[0].basis"
    with pytest.raises(cg.OutsideCalendarError) as e:
        national.abnormal_state({"enterprise": "E1", "registered_on": "2021-05-01"}, "2024-07-01", derived=True)
    assert e.value.enterprise == "E1"
    with pytest.raises(cg.InvalidInputError) as e:
        national.publicity({"enterprise": "E1", "decisions": [{"fact": "P1"}]}, "2025-01-01")
    assert e.value.field.startswith("dossier.decisions")
    with pytest.raises(cg.InvalidInputError):
        national.publicity({"enterprise": "E1", "surprise": 1}, "2025-01-01")


def test_abnormal_worklist():
    s = national.abnormal_state({"enterprise": "E1", "registered_on": "2023-05-01"}, "2024-07-01", derived=True)
    assert s["worklist"][0]["list_by"] == "2024-07-12"


def test_two_listings_with_one_id_are_a_duplicate_fact_id():
    listing = {"id": "L1", "ground": {"ground": "unreachable"}, "on": "2024-01-02"}
    record = {"enterprise": "E1", "registered_on": "2023-05-01", "listings": [listing]}
    s = national.abnormal_state(record, "2024-07-01")
    assert s["on_list"] is True and s["entries"][0]["escalation_on"] == "2027-01-02"
    record["listings"] = [listing, listing]
    with pytest.raises(cg.DuplicateFactIdError) as e:
        national.abnormal_state(record, "2024-07-01")
    assert (e.value.enterprise, e.value.fact) == ("E1", "L1")


def test_kinds_the_python_api_can_raise_are_all_tested():
    """Every kind is raised for real in these tests except the three no Python
    input can reach: department records (not in the interchange format), a fact
    given to another enterprise's history (a population keeps facts with their
    enterprise) and a data source's failure (Python gives tables, not sources)."""
    import pathlib
    import re

    here = pathlib.Path(__file__).parent
    text = "".join(p.read_text(encoding="utf-8") for p in here.glob("test_*.py"))
    raised = set(re.findall(r"cg\.(\w+)Error\b", text)) | set(re.findall(r'raised\("(\w+)"', text))
    unreachable = {"UnknownDepartmentRecord", "ForeignFact", "Source"}
    from creditgrade import _creditgrade

    assert set(_creditgrade.error_kinds()) - unreachable <= raised
