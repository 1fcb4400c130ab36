"""The course notebooks: stored in stable form, and nbval reproduces them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from coursekit.running.notebooks import read, to_text

from .conftest import LESSONS, ROOT, SOLUTIONS

NOTEBOOKS = sorted(SOLUTIONS.glob("*.ipynb")) + sorted(LESSONS.glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_stored_in_stable_form(path):
    notebook = read(path)
    assert path.read_text(encoding="utf-8") == to_text(notebook), "rewrite it with coursekit"
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    assert all(cell.get("id") for cell in notebook.cells)
    if path.parent == LESSONS:
        assert all(not c.get("outputs") and c.get("execution_count") is None
                   for c in notebook.cells if c.cell_type == "code")
    else:
        assert all(c.get("outputs") for c in notebook.cells
                   if c.cell_type == "code" and ".check(" in c.source), "execute the solutions"


def nbval(*args: str) -> None:
    """Run pytest with nbval in a subprocess (a kernel per notebook) and fail with its output."""
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q",
               "--nbval-current-env", *args]
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]


@pytest.mark.slow
def test_solutions_reproduce_their_outputs():
    nbval("--nbval", str(SOLUTIONS))


@pytest.mark.slow
def test_lessons_run_clean():
    nbval("--nbval-lax", str(LESSONS))
