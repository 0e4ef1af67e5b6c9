"""Research on numpy arrays and Arrow tables: indicator weights, policy
comparison, transition matrices, calibration, PSI and generated populations.

Weights run in ``f64`` by default. Each sum over ``m`` rows carries a relative
error of about ``m * 2**-53``; on the library's test matrices the ``f64``
weights agree with the ``Decimal`` path to 1e-9. ``exact=True`` runs the
``Decimal`` path (28 significant digits, rounded to ``places``, at most 20)
and returns the weights as ``float64``.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as _np
import pyarrow as _pa
import pyarrow.compute as _pc

from . import _creditgrade

__all__ = [
    "entropy_weights",
    "critic_weights",
    "ahp_weights",
    "combine_weights",
    "outcomes",
    "psi",
    "transition_matrix",
    "movers",
    "compare_policies",
    "calibrate",
    "register_population",
    "synthetic_population",
    "synthetic_catalogue",
    "REGISTER_AS_OF",
    "OUTCOMES",
]

#: The outcomes in the library's order: the six grades, then closed,
#: not_registered and error.
OUTCOMES: Tuple[str, ...] = tuple(_creditgrade.outcome_names())

#: The date :func:`register_population` is meant to be graded on.
REGISTER_AS_OF: str = _creditgrade.register_as_of()


def _matrix(data: Any) -> _np.ndarray:
    if hasattr(data, "to_numpy") and not isinstance(data, _np.ndarray):
        data = data.to_numpy()
    a = _np.asarray(data, dtype=_np.float64)
    if a.ndim != 2:
        raise ValueError(f"expected a 2-D array (rows are enterprises), got {a.ndim} dimensions")
    return _np.ascontiguousarray(a)


def _names(data: Any, names: Optional[Sequence[str]]) -> Optional[List[str]]:
    if names is not None:
        return list(names)
    columns = getattr(data, "columns", None)
    return [str(c) for c in columns] if columns is not None else None


def entropy_weights(
    data: Any,
    directions: Optional[Sequence[str]] = None,
    names: Optional[Sequence[str]] = None,
    exact: bool = False,
    normalisation: str = "minmax",
    places: int = 20,
) -> _np.ndarray:
    """熵权法: the entropy weight of each column of ``data`` (rows are enterprises).

    ``directions`` gives ``"benefit"`` or ``"cost"`` per column (default
    benefit); ``normalisation`` is ``"minmax"`` (极差标准化, the default) or
    ``"proportion"`` (比重法). A constant column gets weight 0. ``data`` may be
    a numpy array or a pandas/polars frame of numbers.
    """
    return _creditgrade.entropy_weights(
        _matrix(data), _names(data, names), _dirs(directions), bool(exact), normalisation, places
    )


def critic_weights(
    data: Any,
    directions: Optional[Sequence[str]] = None,
    names: Optional[Sequence[str]] = None,
    exact: bool = False,
    normalisation: str = "minmax",
    places: int = 20,
) -> _np.ndarray:
    """CRITIC: each column's contrast (standard deviation of the min-max
    normalised column) times its conflict (Σ 1 − r with the other columns),
    normalised to sum to 1."""
    return _creditgrade.critic_weights(
        _matrix(data), _names(data, names), _dirs(directions), bool(exact), normalisation, places
    )


def _dirs(directions: Optional[Sequence[str]]) -> Optional[List[str]]:
    return None if directions is None else list(directions)


def ahp_weights(
    matrix: Any, names: Optional[Sequence[str]] = None, exact: bool = False, places: int = 20
) -> Dict[str, Any]:
    """AHP: the principal eigenvector of a reciprocal pairwise comparison matrix.

    Returns a dict with ``weights`` (numpy array), ``lambda_max``,
    ``consistency_index``, ``consistency_ratio`` (``None`` for n ≤ 2) and
    ``iterations``. Reciprocity is checked within 0.01.
    """
    return _creditgrade.ahp_weights(_matrix(matrix), None if names is None else list(names), bool(exact), places)


def combine_weights(subjective: Any, objective: Any, alpha: Optional[float] = None) -> _np.ndarray:
    """Combines subjective (e.g. AHP) and objective (entropy, CRITIC) weights:
    ``alpha·s + (1 − alpha)·o`` when ``alpha`` is given, else the normalised
    product ``s·o / Σ s·o``. Both are normalised to sum to 1 first."""
    s = _np.ascontiguousarray(_np.asarray(subjective, dtype=_np.float64))
    o = _np.ascontiguousarray(_np.asarray(objective, dtype=_np.float64))
    return _creditgrade.combine_weights(s, o, alpha)


def outcomes(graded: _pa.Table) -> _pa.Array:
    """The outcome of each row of a :func:`creditgrade.grade` result: the grade,
    or the status (closed, not_registered, error) where there is none."""
    return _pc.coalesce(graded["grade"], graded["status"]).combine_chunks()


def _outcome_list(value: Any) -> List[str]:
    if isinstance(value, _pa.Table):
        value = outcomes(value)
    if hasattr(value, "to_pylist"):
        return value.to_pylist()
    return [str(v) for v in value]


def psi(expected: Any, actual: Any, epsilon: Optional[float] = None) -> Tuple[float, str, _pa.Table]:
    """群体稳定性指数: the PSI of the outcome distribution ``actual`` against
    ``expected`` (each a :func:`creditgrade.grade` result or a list/array of
    outcomes). Returns ``(value, reading, buckets)``: the reading is
    ``stable`` (< 0.1), ``some_shift`` (< 0.25) or ``major_shift``; buckets is
    a table ``outcome, expected, actual, contribution``."""
    value, reading, buckets = _creditgrade.psi(_outcome_list(expected), _outcome_list(actual), epsilon)
    table = _pa.table(
        {
            "outcome": [b[0] for b in buckets],
            "expected": [b[1] for b in buckets],
            "actual": [b[2] for b in buckets],
            "contribution": [b[3] for b in buckets],
        }
    )
    return value, reading, table


def _sides(before: _pa.Table, after: _pa.Table):
    return (
        before["id"].to_pylist(),
        _outcome_list(before),
        after["id"].to_pylist(),
        _outcome_list(after),
    )


def transition_matrix(before: _pa.Table, after: _pa.Table) -> _pa.Table:
    """迁移矩阵 between two :func:`creditgrade.grade` results, paired by ``id``:
    one row per outcome before (``before``), one count column per outcome after."""
    cells, _ = _creditgrade.transition_matrix(*_sides(before, after))
    columns = {"before": list(OUTCOMES)}
    for j, name in enumerate(OUTCOMES):
        columns[name] = _pa.array([row[j] for row in cells], _pa.uint64())
    return _pa.table(columns)


def movers(before: _pa.Table, after: _pa.Table) -> _pa.Table:
    """The enterprises whose outcome differs between two results: ``id``,
    ``before``, ``after`` and ``movement`` (upgrade, downgrade, status_change)."""
    _, moved = _creditgrade.transition_matrix(*_sides(before, after))
    return _pa.table(
        {
            "id": _pa.array([m[0] for m in moved], _pa.string()),
            "before": _pa.array([m[1] for m in moved], _pa.string()),
            "after": _pa.array([m[2] for m in moved], _pa.string()),
            "movement": _pa.array([m[3] for m in moved], _pa.string()),
        }
    )


def compare_policies(enterprises: Any, events: Any, catalogue: Any, as_of: Any, policies: Sequence[Any]) -> _pa.Table:
    """Grades one population under each policy and compares each with the
    first: a long table ``policy``, ``before``, ``after``, ``count`` with the
    non-zero cells of each transition matrix (``policy`` is the compared
    policy's name, ``before`` the outcome under the first policy)."""
    from . import as_table, grade

    if len(policies) < 2:
        raise ValueError("compare_policies needs at least two policies")
    e, ev, c = as_table(enterprises), as_table(events), catalogue
    results = [grade(e, ev, c, as_of, policy=p) for p in policies]
    rows: Dict[str, list] = {"policy": [], "before": [], "after": [], "count": []}
    for p, r in zip(policies[1:], results[1:]):
        cells, _ = _creditgrade.transition_matrix(*_sides(results[0], r))
        for i, b in enumerate(OUTCOMES):
            for j, a in enumerate(OUTCOMES):
                if cells[i][j]:
                    rows["policy"].append(p.name)
                    rows["before"].append(b)
                    rows["after"].append(a)
                    rows["count"].append(cells[i][j])
    return _pa.table(
        {
            "policy": _pa.array(rows["policy"], _pa.string()),
            "before": _pa.array(rows["before"], _pa.string()),
            "after": _pa.array(rows["after"], _pa.string()),
            "count": _pa.array(rows["count"], _pa.uint64()),
        }
    )


def calibrate(
    scores: Any, eligible: Any, aaa: float, aa: float, population: Optional[int] = None
) -> _pa.Table:
    """Thresholds that give AAA and AA target shares of the population among
    tier-A candidates (``scores`` with an ``eligible`` flag each). One row per
    grade: ``grade``, ``threshold``, ``count``, ``share``, ``target``,
    ``exact``, ``tie_limited``, ``threshold_above``, ``share_above``."""
    s = _np.asarray(scores, dtype=_np.float64).tolist()
    f = [bool(x) for x in _np.asarray(eligible, dtype=bool).tolist()]
    n, a3, a2 = _creditgrade.calibrate(s, f, float(aaa), float(aa), population)
    names = ["threshold", "count", "share", "target", "exact", "tie_limited", "threshold_above", "share_above"]
    columns: Dict[str, list] = {"grade": ["AAA", "AA"]}
    for k, name in enumerate(names):
        columns[name] = [a3[k], a2[k]]
    columns["population"] = [n, n]
    return _pa.table(columns)


def register_population(n: int, seed: int = 42) -> Tuple[_pa.Table, _pa.Table]:
    """A register-like population of ``n`` enterprises (annual reports since
    2013, penalties, complaints, honours) as ``(enterprises, events)`` tables in
    the interchange columns; grade it as of :data:`REGISTER_AS_OF` with
    :func:`synthetic_catalogue`."""
    e, ev = _creditgrade.register_population(n, seed)
    return _pa.Table.from_batches([e]), _pa.Table.from_batches([ev])


def synthetic_population(n: int, seed: int = 1, as_of: Any = None) -> Tuple[_pa.Table, _pa.Table]:
    """A synthetic population (the research generator's default rates) as
    ``(enterprises, events)`` tables; catalogue: :func:`synthetic_catalogue`."""
    e, ev = _creditgrade.synthetic_population(n, seed, None if as_of is None else str(as_of))
    return _pa.Table.from_batches([e]), _pa.Table.from_batches([ev])


def synthetic_catalogue() -> _pa.Table:
    """The synthetic penalty catalogue: 1,643 articles with their severities."""
    pairs = _creditgrade.synthetic_catalogue()
    return _pa.table({"article": [a for a, _ in pairs], "severity": [s for _, s in pairs]})
