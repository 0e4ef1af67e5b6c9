"""docs/python.md is a walk-through: its `python` blocks run, in order, in one namespace."""

import os
import re

from conftest import ROOT

FENCE = re.compile(r"^```(\S*)([^\n]*)\n(.*?)^```", re.S | re.M)


def blocks():
    text = (ROOT / "docs" / "python.md").read_text(encoding="utf-8")
    return [(m.group(3), m.start()) for m in FENCE.finditer(text) if m.group(1) == "python" and "no-run" not in m.group(2)]


def test_walk_through_runs(capsys):
    found = blocks()
    assert len(found) >= 8
    namespace = {"__name__": "walkthrough"}
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        for code, at in found:
            exec(compile(code, f"docs/python.md@{at}", "exec"), namespace)
    finally:
        os.chdir(cwd)
    out = capsys.readouterr().out
    assert "InvalidPolicy lock.duration_months.minor" in out
