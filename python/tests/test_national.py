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
