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


def heavy_dossier(*applications):
    """A decision suspending production until 2024-09-01, cited by the serious
    listing S1 from 2024-04-01; its duties fulfilled on 2024-05-01."""
    return {
        "enterprise": "E1",
        "decisions": [
            {
                "fact": "P1",
                "decided_on": "2024-03-01",
                "article": "art-9",
                "measures": [{"kind": "production_suspended"}],
                "restriction_until": "2024-09-01",
                "published_on": "2024-03-01",
            }
        ],
        "fulfilments": [{"decision": "P1", "on": "2024-05-01"}],
        "serious_listings": [{"id": "S1", "basis": {"kind": "decision", "decision": "P1"}, "on": "2024-04-01"}],
        "serious_removals": [{"id": a, "listing": "S1", "on": on} for a, on in applications],
    }


def test_serious_listing_runs_three_years_and_ends_by_itself():
    s = national.serious_state(heavy_dossier(), "2025-06-01")
    assert s["on_list"] is True and s["listed_since"] == "2024-04-01"
    [e] = s["entries"]
    assert e["basis"] == {"kind": "decision", "decision": "P1"}
    # 3 years from the listing; the restriction (2024-09-01) ends earlier
    assert (e["scheduled_until"], e["until"]) == ("2027-04-01", "2027-04-01")
    assert e["extended_by_restriction"] is False and e["exit"] is None and e["open"] is True
    assert e["versions"][0]["name"] == "SAMR Order 44"
    # the day before the third anniversary it holds; on it, removed automatically
    assert national.serious_state(heavy_dossier(), "2027-03-31")["on_list"] is True
    end = national.serious_state(heavy_dossier(), "2027-04-01")
    assert end["on_list"] is False and end["listed_since"] is None
    assert end["entries"][0]["exit"] == {"by": "automatic"} and end["entries"][0]["open"] is False


def test_early_removal_is_rejected_before_a_year_then_granted():
    s = national.serious_state(heavy_dossier(("A1", "2025-03-01"), ("A2", "2025-04-01")), "2025-06-01")
    [e] = s["entries"]
    early, granted = e["removals"]
    assert (early["id"], early["granted"]) == ("A1", False)
    assert early["failed"] == [{"code": "too_early", "from": "2025-04-01"}]
    assert early["earliest"] == "2025-04-01"
    assert (granted["id"], granted["granted"], granted["failed"]) == ("A2", True, [])
    assert e["until"] == "2025-04-01" and e["scheduled_until"] == "2027-04-01"
    assert e["exit"] == {"by": "early_removal", "application": "A2"}
    assert s["on_list"] is False
    # as of a day in between, only the rejected application is read
    mid = national.serious_state(heavy_dossier(("A1", "2025-03-01"), ("A2", "2025-04-01")), "2025-03-15")
    assert mid["on_list"] is True and len(mid["entries"][0]["removals"]) == 1


def test_a_listing_citing_a_decision_without_a_heavy_measure_is_invalid_input():
    dossier = heavy_dossier()
    dossier["decisions"][0]["measures"] = [{"kind": "fine", "amount": "5000"}]
    del dossier["decisions"][0]["restriction_until"]
    with pytest.raises(cg.InvalidInputError) as e:
        national.serious_state(dossier, "2025-01-01")
    assert (e.value.enterprise, e.value.fact, e.value.field) == ("E1", "S1", "basis")
    with pytest.raises(cg.InvalidInputError):
        national.standing(dossier, "2025-01-01")
    dossier = heavy_dossier(("A1", "2025-05-01"))
    dossier["serious_removals"][0]["listing"] = "S9"
    with pytest.raises(cg.UnknownDecisionError) as e:
        national.state(dossier, "2025-06-01")
    assert (e.value.enterprise, e.value.fact) == ("E1", "A1")


def test_state_and_standing_marks():
    st = national.state(heavy_dossier(), "2025-01-01")
    assert (st["enterprise"], st["as_of"]) == ("E1", "2025-01-01")
    assert [p["fact"] for p in st["publicity"]] == ["P1"]
    assert st["serious"] == national.serious_state(heavy_dossier(), "2025-01-01")
    assert st["abnormal"]["on_list"] is False
    s = national.standing(heavy_dossier(), "2025-01-01")
    assert (s["enterprise"], s["as_of"]) == ("E1", "2025-01-01")
    marks = [(x["mark"], x["id"], x["from"], x["until"]) for x in s["spells"]]
    assert marks == [
        ("serious_list", "S1", "2024-04-01", "2027-04-01"),
        # production suspended: 3 years on the publicity system from publication
        ("publicity_system", "P1", "2024-03-01", "2027-03-01"),
        # 严重 on 信用中国: at most 3 years from the decision
        ("credit_china", "P1", "2024-03-01", "2027-03-01"),
    ]
    # with explicit rules, and past every end nothing is left
    rules = national.NationalRules.national_2026()
    assert national.standing(heavy_dossier(), "2025-01-01", rules) == s
    assert national.standing(heavy_dossier(), "2027-04-01")["spells"] == []


def test_national_policy_preset():
    p = cg.Policy.national_2026()
    assert p.fingerprint != cg.Policy.seed().fingerprint
    assert p.to_dict()["national"] is not None
    assert cg.Policy.from_json(p.to_json()) == p


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
