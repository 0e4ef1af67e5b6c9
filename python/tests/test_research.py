import numpy as np
import pyarrow as pa
import pytest

import creditgrade as cg
from creditgrade import research as r


def numpy_entropy(x, directions):
    """The entropy weight method (min-max first) written in numpy."""
    lo, hi = x.min(axis=0), x.max(axis=0)
    span = np.where(hi > lo, hi - lo, 1.0)
    cost = np.array([d == "cost" for d in directions])
    z = np.where(cost, hi - x, x - lo) / span
    s = z.sum(axis=0)
    p = np.divide(z, s, out=np.zeros_like(z), where=s > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(p > 0, p * np.log(p), 0.0)
    e = -plogp.sum(axis=0) / np.log(x.shape[0])
    d = np.where(s > 0, 1.0 - e, 0.0)
    return d / d.sum()


@pytest.fixture(scope="module")
def matrix():
    rng = np.random.default_rng(7)
    return rng.gamma(2.0, 3.0, size=(500, 6)).round(3)


def test_f64_and_exact_paths_agree(matrix):
    dirs = ["benefit", "cost", "benefit", "benefit", "cost", "benefit"]
    for f in (r.entropy_weights, r.critic_weights):
        fast = f(matrix, directions=dirs)
        exact = f(matrix, directions=dirs, exact=True)
        assert fast.shape == (6,)
        assert abs(fast.sum() - 1) < 1e-12
        np.testing.assert_allclose(fast, exact, atol=1e-9, rtol=0)


def test_entropy_equals_a_numpy_implementation(matrix):
    dirs = ["benefit", "cost"] * 3
    np.testing.assert_allclose(r.entropy_weights(matrix, dirs), numpy_entropy(matrix, dirs), atol=1e-12)


def test_a_constant_column_gets_zero_and_frames_are_accepted(matrix):
    pd = pytest.importorskip("pandas")
    m = matrix.copy()
    m[:, 2] = 4.0
    w = r.entropy_weights(m)
    assert w[2] == 0.0
    df = pd.DataFrame(m, columns=list("abcdef"))
    np.testing.assert_array_equal(r.entropy_weights(df), w)
    # a non-contiguous view is copied, not misread
    np.testing.assert_allclose(r.critic_weights(np.asfortranarray(m)), r.critic_weights(m), atol=0)


def test_ahp_and_combinations():
    m = np.array([[1, 2, 4], [1 / 2, 1, 2], [1 / 4, 1 / 2, 1]])
    a = r.ahp_weights(m, names=["a", "b", "c"])
    np.testing.assert_allclose(a["weights"], [4 / 7, 2 / 7, 1 / 7], atol=1e-12)
    assert abs(a["lambda_max"] - 3) < 1e-12
    e = r.ahp_weights(m, exact=True)
    np.testing.assert_allclose(a["weights"], e["weights"], atol=1e-9)
    lin = r.combine_weights(a["weights"], [0.2, 0.3, 0.5], alpha=0.5)
    np.testing.assert_allclose(lin, 0.5 * a["weights"] + 0.5 * np.array([0.2, 0.3, 0.5]), atol=1e-12)
    mul = r.combine_weights([0.5, 0.5], [0.25, 0.75])
    np.testing.assert_allclose(mul, [0.25, 0.75], atol=1e-12)
    with pytest.raises(cg.InvalidInputError) as err:
        r.ahp_weights(np.array([[1, 2], [3, 1]]))
    assert err.value.kind == "InvalidInput"


def test_bad_research_inputs_raise_typed_errors(matrix):
    with pytest.raises(cg.InvalidInputError) as err:
        r.entropy_weights(matrix, directions=["up"] * 6)
    assert err.value.field == "directions"
    bad = matrix.copy()
    bad[3, 1] = np.nan
    with pytest.raises(cg.InvalidInputError):
        r.entropy_weights(bad)
    with pytest.raises(cg.InvalidInputError):
        r.critic_weights(bad, exact=True)
    with pytest.raises(ValueError):
        r.entropy_weights(np.zeros(4))


@pytest.fixture(scope="module")
def register():
    e, ev = r.register_population(3000, seed=5)
    return e, ev, r.synthetic_catalogue()


def test_register_population_grades_and_compares(register):
    e, ev, c = register
    assert e.num_rows == 3000 and ev.num_rows > 20000
    seed = cg.grade(e, ev, c, r.REGISTER_AS_OF)
    assert set(r.outcomes(seed).to_pylist()) <= set(r.OUTCOMES)
    d = cg.Policy.seed().to_dict()
    d["name"] = "lenient"
    d["lock"]["duration_months"] = {k: 1 for k in d["lock"]["duration_months"]}
    other = cg.Policy.from_dict(d)
    later = cg.grade(e, ev, c, r.REGISTER_AS_OF, policy=other)
    m = r.transition_matrix(seed, later)
    assert m.column_names == ["before", *r.OUTCOMES]
    counts = np.array([m[o].to_numpy() for o in r.OUTCOMES]).T
    assert counts.sum() == 3000
    mv = r.movers(seed, later)
    assert mv.num_rows == 3000 - np.trace(counts)
    long = r.compare_policies(e, ev, c, r.REGISTER_AS_OF, [cg.Policy.seed(), other])
    assert sum(long["count"].to_pylist()) == 3000
    value, reading, buckets = r.psi(seed, seed)
    assert value == 0 and reading == "stable" and buckets.num_rows == 9
    value, reading, _ = r.psi(["A"] * 90 + ["B"] * 10, ["A"] * 50 + ["B"] * 50)
    assert value > 0.25 and reading == "major_shift"


def test_calibration_table():
    t = r.calibrate([70, 60, 60, 40, 0], [True, True, False, True, True], aaa=0.2, aa=0.4)
    rows = t.to_pylist()
    assert [x["grade"] for x in rows] == ["AAA", "AA"]
    assert rows[0]["threshold"] == 70 and rows[1]["threshold"] == 40
    assert rows[1]["share"] == pytest.approx(0.4)


def test_synthetic_population_tables():
    e, ev = r.synthetic_population(200, seed=3)
    assert e.num_rows == 200
    t = cg.grade(e, ev, r.synthetic_catalogue(), "2025-06-30")
    assert t.num_rows == 200
