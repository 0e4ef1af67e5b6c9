"""Spark in local mode grades 100,000 enterprises, partitioned by enterprise id,
exactly as one process does."""

import os
import shutil
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import creditgrade as cg
from creditgrade import research

N = int(os.environ.get("CREDITGRADE_SPARK_N", "100000"))


@pytest.fixture(scope="module")
def spark():
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        if os.environ.get("CI"):
            pytest.fail("the Spark test needs Java 17")
        pytest.skip("the Spark test needs Java 17")
    pyspark = pytest.importorskip("pyspark")
    del pyspark
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("creditgrade-test")
        .config("spark.driver.memory", "2g")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def test_spark_grades_a_population_as_one_process(spark, tmp_path):
    from creditgrade.spark import grade_spark

    e, ev = research.register_population(N, seed=9)
    catalogue = research.synthetic_catalogue()
    pq.write_table(e, tmp_path / "enterprises.parquet")
    pq.write_table(ev, tmp_path / "events.parquet")
    se = spark.read.parquet(str(tmp_path / "enterprises.parquet"))
    sv = spark.read.parquet(str(tmp_path / "events.parquet"))

    out = tmp_path / "grades"
    grade_spark(se, sv, catalogue, research.REGISTER_AS_OF, partitions=8).write.parquet(str(out))
    distributed = pq.read_table(out).sort_by("id")

    single = cg.grade(e, ev, catalogue, research.REGISTER_AS_OF).sort_by("id")
    assert distributed.num_rows == single.num_rows == N
    for name in single.column_names:
        assert distributed[name].to_pylist() == single[name].to_pylist(), name
    # a real mix of outcomes, not a trivial population
    assert len(set(single["grade"].to_pylist())) >= 4


def test_spark_with_a_policy(spark, tmp_path):
    from creditgrade.spark import grade_spark

    e, ev = research.register_population(2000, seed=4)
    catalogue = research.synthetic_catalogue()
    d = cg.Policy.seed().to_dict()
    d["name"] = "short locks"
    d["lock"]["duration_months"] = {k: 1 for k in d["lock"]["duration_months"]}
    policy = cg.Policy.from_dict(d)
    se = spark.createDataFrame(e.to_pandas())
    sv = spark.createDataFrame(ev.to_pandas())
    got = pa.Table.from_pandas(
        grade_spark(se, sv, catalogue, research.REGISTER_AS_OF, policy=policy, partitions=3)
        .toPandas()
        .sort_values("id"),
        preserve_index=False,
    )
    want = cg.grade(e, ev, catalogue, research.REGISTER_AS_OF, policy=policy).sort_by("id")
    assert got["grade"].to_pylist() == want["grade"].to_pylist()
    assert got["status"].to_pylist() == want["status"].to_pylist()
