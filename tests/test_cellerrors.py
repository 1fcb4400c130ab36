"""A cell that raised or hit its time limit reaches learner and teacher, with both engines."""

from __future__ import annotations

import json

import pytest

from coursekit.cellerrors import assigning_cell
from coursekit.grading import grade_paths
from coursekit.notebooks import write
from coursekit.status import Status

from .conftest import lesson_notebook


def test_the_cell_that_sets_an_answer_is_found_statically():
    cells = [(0, "import coursekit"), (2, "x = 1"), (4, "for x in range(3): pass"),
             (5, "x == 2"), (6, "x = (")]
    assert assigning_cell(cells, "x") == 7  # the unparsable cell still names it
    assert assigning_cell(cells[:4], "x") == 5
    assert assigning_cell(cells, "y") is None


@pytest.fixture(scope="module")
def broken_submission(tmp_path_factory):
    """Lesson 02 worked, with q1's cell raising after its answer and q2's cell stopped."""
    notebook = lesson_notebook("02_percentages.ipynb")
    for cell in notebook.cells:
        if cell.cell_type == "code" and "company_share = " in cell.source:
            cell.source += "\nundefined_name"
        if cell.cell_type == "code" and "rounding_gap = " in cell.source:
            cell.source = "rounding_gap = 0\nwhile True:\n    rounding_gap += 1"
    path = tmp_path_factory.mktemp("class") / "alice.ipynb"
    write(notebook, path)
    return path


@pytest.mark.parametrize("engine", ["fast", "kernel"])
def test_failed_cells_are_reported_and_explained(broken_submission, engine):
    grade = grade_paths([broken_submission], timeout=2, engine=engine, jobs=1)[0]
    errors = [e["error"] for e in grade.cell_errors]
    assert "NameError: name 'undefined_name' is not defined" in errors
    assert "stopped after 2 s (the time limit for one cell)" in errors
    q1, q2 = grade.exercises[:2]
    assert q1.status is Status.CORRECT and "raised NameError" in q1.feedback
    assert q2.status is Status.INCORRECT and q2.points == 0
    assert "value left behind is not graded" in q2.feedback
    assert json.loads(json.dumps(grade.cell_errors)) == grade.cell_errors
