"""Grades a register-like population on Spark, partitioned by enterprise id,
and checks the result equals one process's.

    python python/examples/spark_grade.py [--n 100000] [--partitions 8] [--master local[2]]

Writes the population as Parquet (as a warehouse would hold it), reads it with
Spark, grades it with ``creditgrade.spark.grade_spark`` (``mapInArrow`` over
partitions by enterprise id), writes the grades as Parquet, and compares them
row by row with ``creditgrade.grade`` on the same tables in this process.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import sys
import tempfile
import time

import pyarrow as pa
import pyarrow.parquet as pq

import creditgrade as cg
from creditgrade import research
from creditgrade.spark import grade_spark


def run(spark, n: int, directory: pathlib.Path, partitions: int = 8, seed: int = 9):
    """Grades ``n`` enterprises on Spark and in one process; returns both
    results sorted by id, and the seconds Spark took."""
    e, ev = research.register_population(n, seed=seed)
    catalogue = research.synthetic_catalogue()
    pq.write_table(e, directory / "enterprises.parquet")
    pq.write_table(ev, directory / "events.parquet")
    enterprises = spark.read.parquet(str(directory / "enterprises.parquet"))
    events = spark.read.parquet(str(directory / "events.parquet"))
    t = time.perf_counter()
    grades = grade_spark(enterprises, events, catalogue, research.REGISTER_AS_OF, partitions=partitions)
    grades.write.mode("overwrite").parquet(str(directory / "grades"))
    seconds = time.perf_counter() - t
    distributed = pq.read_table(directory / "grades").sort_by("id")
    single = cg.grade(e, ev, catalogue, research.REGISTER_AS_OF).sort_by("id")
    return distributed, single, seconds


def equal(a: pa.Table, b: pa.Table) -> bool:
    return a.num_rows == b.num_rows and all(a[c].to_pylist() == b[c].to_pylist() for c in b.column_names)


def session(master: str = "local[2]"):
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    s = (
        SparkSession.builder.master(master)
        .appName("creditgrade")
        .config("spark.driver.memory", "2g")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    s.sparkContext.setLogLevel("ERROR")
    return s


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--master", default="local[2]")
    args = ap.parse_args()
    spark = session(args.master)
    with tempfile.TemporaryDirectory() as d:
        distributed, single, seconds = run(spark, args.n, pathlib.Path(d), args.partitions)
    spark.stop()
    same = equal(distributed, single)
    print(f"{args.n:,} enterprises graded on Spark ({args.master}, {args.partitions} partitions) "
          f"in {seconds:.1f} s; equal to one process: {same}")
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
