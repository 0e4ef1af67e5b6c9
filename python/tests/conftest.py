import os
import pathlib

import pyarrow as pa
import pyarrow.csv as pcsv
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SPEC = ROOT / "tests" / "fixtures" / "interchange" / "spec"


def read_csv(path: pathlib.Path) -> pa.Table:
    """Reads an interchange CSV as the CSV loader does: every column text, empty cells null."""
    with open(path, encoding="utf-8") as f:
        header = f.readline().strip().split(",")
    return pcsv.read_csv(
        path,
        convert_options=pcsv.ConvertOptions(
            column_types={name: pa.string() for name in header},
            strings_can_be_null=True,
            quoted_strings_can_be_null=False,
        ),
    )


@pytest.fixture(scope="session")
def spec_tables():
    return tuple(read_csv(SPEC / f"{name}.csv") for name in ("enterprises", "events", "catalogue"))


@pytest.fixture(scope="session")
def grade_csv_binary():
    """The grade_csv example as built by `cargo test` (the Rust CSV path)."""
    path = pathlib.Path(
        os.environ.get("CREDITGRADE_GRADE_CSV", ROOT / "target" / "debug" / "examples" / "grade_csv")
    )
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: run `cargo test --all-features` first")
        pytest.skip(f"{path} is missing: run `cargo test --all-features` first")
    return path
