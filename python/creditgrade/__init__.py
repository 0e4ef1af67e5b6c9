"""creditgrade: credit-based classified supervision (信用分类监管) from Python.

Every rule runs in the Rust library; this package moves Arrow data in and out
through the Arrow C stream interface (no Python object per row).

- :func:`grade` grades a population given as pyarrow Tables, pandas or polars
  DataFrames (anything with ``__arrow_c_stream__``) and returns a pyarrow Table.
- :class:`Policy` is a grading policy, made from and to JSON and dicts.
- :class:`CreditgradeError` is the base of one exception type per error kind
  (``UnknownArticleError``, ``InvalidPolicyError``, ...).
- :mod:`creditgrade.research` weights indicators on numpy arrays and compares
  policies.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Optional

import pyarrow as _pa

from . import _creditgrade
from ._creditgrade import Policy, check_credit_code
from ._errors import ERRORS, CreditgradeError

globals().update({cls.__name__: cls for cls in ERRORS.values()})

__all__ = ["grade", "Policy", "check_credit_code", "CreditgradeError", "ERRORS", "as_table", "research", "national", "outlook"] + [
    cls.__name__ for cls in ERRORS.values()
]

try:
    from importlib.metadata import version as _version

    __version__ = _version("creditgrade")
except Exception:  # pragma: no cover - running from a source tree without metadata
    __version__ = "0.1.0"

#: The date columns of the interchange format, by table.
_DATE_COLUMNS = ("registered_on", "date", "until", "restriction_until", "published_on")


def as_table(data: Any, name: str = "table") -> _pa.Table:
    """Turns a table-like value into a pyarrow Table without a Python object per row.

    Accepts a pyarrow Table or RecordBatch, anything with ``__arrow_c_stream__``
    (polars, pandas >= 2.2, DuckDB results), a pandas DataFrame, or a dict of
    columns. Timestamp columns named ``registered_on``, ``date`` or ``until``
    (pandas' ``datetime64``) become dates.
    """
    if isinstance(data, _pa.Table):
        table = data
    elif isinstance(data, _pa.RecordBatch):
        table = _pa.Table.from_batches([data])
    elif isinstance(data, dict):
        table = _pa.table(data)
    elif type(data).__module__.split(".")[0] == "pandas":
        table = _pa.Table.from_pandas(data, preserve_index=False)
    elif hasattr(data, "__arrow_c_stream__"):
        table = _pa.table(data)
    else:
        raise TypeError(
            f"{name}: expected a pyarrow Table, a pandas or polars DataFrame or another "
            f"object with __arrow_c_stream__, got {type(data).__name__}"
        )
    for i, field in enumerate(table.schema):
        if field.name in _DATE_COLUMNS and _pa.types.is_timestamp(field.type):
            table = table.set_column(i, field.name, table.column(i).cast(_pa.date32()))
    return table


def _date(value: Any, name: str) -> str:
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    raise TypeError(f"{name}: expected a datetime.date or a YYYY-MM-DD string, got {type(value).__name__}")


def grade(
    enterprises: Any,
    events: Any,
    catalogue: Any,
    as_of: Any,
    policy: Optional[Policy] = None,
    reasons: bool = False,
    parallel: bool = True,
    errors: str = "row",
    rules: Any = None,
) -> _pa.Table:
    """Grades every enterprise as of a date; returns one row per enterprise, in input order.

    ``enterprises``, ``events`` and ``catalogue`` hold the interchange format's
    columns (``docs/spec.md``, "Interchange format"), as pyarrow Tables, pandas
    or polars DataFrames or anything with ``__arrow_c_stream__``; the catalogue
    may also be a dict ``{article: severity}``. ``as_of`` is a
    ``datetime.date`` or ``"YYYY-MM-DD"``; ``policy`` defaults to
    :meth:`Policy.seed`.

    The result has the columns of the library's Arrow output: ``id``,
    ``status``, ``grade``, ``tier``, ``locked_until`` (date), ``points`` and
    ``score`` (decimal strings), ``error``; with ``reasons=True`` also
    ``binding`` (JSON) and ``reasons`` (a list of structs ``code``, ``rule``,
    ``method``, ``evidence``, ``detail``). An enterprise whose record is wrong
    (an unknown article, a fact before registration, ...) gets status
    ``"error"`` and the message in ``error``; with ``errors="raise"`` the first
    such enterprise raises its exception instead.

    Input that cannot be read (a missing column, a wrong type, a null where a
    value is required, a bad date or kind) raises ``InvalidInputError`` or
    ``ParseError`` naming the column and row; nothing is graded from half-read
    input. The GIL is released while grading; ``parallel`` uses every core.

    ``rules`` (a :class:`creditgrade.national.NationalRules`) grades with the
    national effects of a policy that has them (``Policy.national_2026()``):
    the events' national columns (``procedure``, ``measures``,
    ``restriction_until``, ``field``, ``published_on``, ``heavy``, ``ground``,
    ``channel``) and rows (``fulfilment``, ``repair_application``,
    ``abnormal_listing``, ...) are read into each enterprise's dossier, its
    standing is computed as of ``as_of`` under ``rules``, and the grade applies
    the policy's effects of it. An enterprise whose standing cannot be computed
    (a decision before the rules' first version, a fulfilment of no decision)
    gets status ``"error"`` with that error. Without ``rules`` a policy with
    national effects is refused (``InvalidPolicyError``, field ``national``).
    """
    if errors not in ("row", "raise"):
        raise ValueError(f'errors must be "row" or "raise", not {errors!r}')
    if isinstance(catalogue, dict):
        catalogue = _pa.table(
            {"article": list(catalogue.keys()), "severity": list(catalogue.values())}
        )
    if policy is not None and not isinstance(policy, Policy):
        raise TypeError(f"policy: expected a creditgrade.Policy, got {type(policy).__name__}")
    if rules is not None and not isinstance(rules, _creditgrade.NationalRules):
        raise TypeError(
            f"rules: expected a creditgrade.national.NationalRules, got {type(rules).__name__}"
        )
    batch = _creditgrade.grade(
        as_table(enterprises, "enterprises"),
        as_table(events, "events"),
        as_table(catalogue, "catalogue"),
        _date(as_of, "as_of"),
        policy,
        bool(reasons),
        bool(parallel),
        errors == "raise",
        rules,
    )
    return _pa.Table.from_batches([batch])


def outlook(
    enterprises: Any,
    events: Any,
    catalogue: Any,
    as_of: Any,
    policy: Optional[Policy] = None,
) -> _pa.Table:
    """When each enterprise's grade or status next changes if nothing new happens.

    Takes the inputs of :func:`grade`; returns one row per enterprise, in input
    order: ``id``, ``next_change`` (the first day after ``as_of`` on which the
    grade or status differs, a date, null when it never does), ``next_grade``
    (the grade from that day, or ``closed`` / ``not_registered``) and ``error``
    (the message of an enterprise whose record is wrong). The same figures as
    ``grade_csv --outlook``.
    """
    if isinstance(catalogue, dict):
        catalogue = _pa.table(
            {"article": list(catalogue.keys()), "severity": list(catalogue.values())}
        )
    if policy is not None and not isinstance(policy, Policy):
        raise TypeError(f"policy: expected a creditgrade.Policy, got {type(policy).__name__}")
    batch = _creditgrade.outlook(
        as_table(enterprises, "enterprises"),
        as_table(events, "events"),
        as_table(catalogue, "catalogue"),
        _date(as_of, "as_of"),
        policy,
    )
    return _pa.Table.from_batches([batch])


from . import national, research  # noqa: E402  (uses the names above)
