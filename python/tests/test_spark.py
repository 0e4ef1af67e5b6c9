"""Spark in local mode grades 100,000 enterprises, partitioned by enterprise id,
exactly as one process does."""

import os
import pathlib
import shutil
import sys

import pyarrow as pa
import pytest

import creditgrade as cg
from creditgrade import research

N = int(os.environ.get("CREDITGRADE_SPARK_N", "100000"))

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "examples"))
import spark_grade as spark_example  # noqa: E402


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
    """The example python/examples/spark_grade.py, on 100,000 enterprises."""
    distributed, single, _ = spark_example.run(spark, N, tmp_path, partitions=8)
    assert distributed.num_rows == single.num_rows == N
    assert distributed.column_names == single.column_names
    for name in single.column_names:
        assert distributed[name].to_pylist() == single[name].to_pylist(), name
    assert spark_example.equal(distributed, single)
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
