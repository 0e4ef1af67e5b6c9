"""Grading on Spark: partitions by enterprise id, each graded by :func:`creditgrade.grade`.

Every enterprise is graded from its own record alone, so a population splits
by enterprise id with no change to any result: enterprises and their events
are tagged with the enterprise id, repartitioned by it (an enterprise's rows
land in one partition), and ``mapInArrow`` hands each partition, as Arrow
record batches, to the Rust library. Needs ``pyspark`` (3.5 or later) on the
driver and the executors, and ``creditgrade`` on the executors.
"""

from __future__ import annotations

from typing import Any, Iterator, Optional

import pyarrow as _pa

ENTERPRISE_COLUMNS = ("id", "name", "registered_on", "legal_person", "industry", "region", "district", "route")
EVENT_COLUMNS = ("id", "enterprise_id", "date", "kind", "code", "level", "until", "target")

#: The Spark schema (DDL) of :func:`grade_spark`'s result: the columns of
#: :func:`creditgrade.grade` without reasons.
RESULT_SCHEMA = (
    "id string, status string, grade string, tier string, locked_until date, "
    "points string, score string, error string"
)


def _tagged(enterprises: Any, events: Any) -> Any:
    """One DataFrame of both tables: ``_key`` (the enterprise id), ``_t`` (0 for
    an enterprise row, 1 for an event row), then ``e_*`` and ``v_*`` columns."""
    from pyspark.sql import functions as F

    e_cols = [c for c in enterprises.columns if c in ENTERPRISE_COLUMNS]
    v_cols = [c for c in events.columns if c in EVENT_COLUMNS]
    e = enterprises.select(
        F.col("id").alias("_key"),
        F.lit(0).alias("_t"),
        *[F.col(c).alias("e_" + c) for c in e_cols],
        *[F.lit(None).cast(events.schema[c].dataType).alias("v_" + c) for c in v_cols],
    )
    v = events.select(
        F.col("enterprise_id").alias("_key"),
        F.lit(1).alias("_t"),
        *[F.lit(None).cast(enterprises.schema[c].dataType).alias("e_" + c) for c in e_cols],
        *[F.col(c).alias("v_" + c) for c in v_cols],
    )
    return e.unionByName(v)


def grade_partition(
    batches: Iterator[_pa.RecordBatch],
    catalogue: _pa.Table,
    as_of: str,
    policy_json: Optional[str] = None,
) -> Iterator[_pa.RecordBatch]:
    """Grades one partition of the tagged rows (see :func:`grade_spark`)."""
    import pyarrow.compute as pc

    import creditgrade as cg

    table = _pa.Table.from_batches(list(batches))
    if table.num_rows == 0:
        return
    is_event = pc.equal(table["_t"], 1)
    e = table.filter(pc.invert(is_event))
    v = table.filter(is_event)
    e = e.select([c for c in e.column_names if c.startswith("e_")]).rename_columns(
        [c[2:] for c in e.column_names if c.startswith("e_")]
    )
    v = v.select([c for c in v.column_names if c.startswith("v_")]).rename_columns(
        [c[2:] for c in v.column_names if c.startswith("v_")]
    )
    policy = None if policy_json is None else cg.Policy.from_json(policy_json)
    # one partition per task: the executor's cores are Spark's to share out
    result = cg.grade(e, v, catalogue, as_of, policy=policy, parallel=False)
    yield from result.to_batches()


def grade_spark(
    enterprises: Any,
    events: Any,
    catalogue: Any,
    as_of: Any,
    policy: Any = None,
    partitions: Optional[int] = None,
) -> Any:
    """Grades Spark DataFrames of enterprises and events (the interchange
    columns); returns a Spark DataFrame with :data:`RESULT_SCHEMA`, one row per
    enterprise (in no particular order). ``catalogue`` is small: a pyarrow
    Table, a pandas/polars frame or a dict, shipped to every task."""
    import creditgrade as cg

    cat = (
        _pa.table({"article": list(catalogue), "severity": list(catalogue.values())})
        if isinstance(catalogue, dict)
        else cg.as_table(catalogue, "catalogue")
    )
    day = cg._date(as_of, "as_of")
    policy_json = None if policy is None else policy.to_json()
    tagged = _tagged(enterprises, events)
    if partitions is None:
        partitions = tagged.rdd.getNumPartitions()
    tagged = tagged.repartition(partitions, "_key")

    def grade_batches(batches: Iterator[_pa.RecordBatch]) -> Iterator[_pa.RecordBatch]:
        return grade_partition(batches, cat, day, policy_json)

    return tagged.mapInArrow(grade_batches, RESULT_SCHEMA)
