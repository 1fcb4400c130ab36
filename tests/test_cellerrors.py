"""A cell that raised or hit its time limit reaches learner and teacher, with both engines."""

from __future__ import annotations

import json

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell

from coursekit.grading.pipeline import GradeOptions, grade_paths
from coursekit.judging.cellerrors import assigning_cell
from coursekit.judging.status import Status
from coursekit.running.notebooks import write

from .conftest import lesson_notebook


def test_the_cell_that_sets_an_answer_is_found_statically():
    cells = [(0, "import coursekit"), (2, "x = 1"), (4, "for x in range(3): pass"),
             (5, "x == 2"), (6, "x = (")]
    assert assigning_cell(cells, "x") == 7  # the unparsable cell still names it
    assert assigning_cell(cells[:4], "x") == 5
    assert assigning_cell(cells, "y") is None


@pytest.fixture(scope="module")
def broken_submission(tmp_path_factory):
    """Lesson 02 with only two answer cells (no slow imports, so a 2 s cell limit is fair):
    q1's cell raises after setting its answer, q2's cell loops until it is stopped."""
    notebook = lesson_notebook("02_percentages.ipynb")
    notebook.cells = [new_markdown_cell("Lesson 02, answers only"),
                      new_code_cell("company_share = 100 * 360 / 405\nundefined_name"),
                      new_code_cell("rounding_gap = 0\nwhile True:\n    rounding_gap += 1")]
    path = tmp_path_factory.mktemp("class") / "alice.ipynb"
    write(notebook, path)
    return path


@pytest.mark.parametrize("engine", ["fast", "kernel"])
def test_failed_cells_are_reported_and_explained(broken_submission, engine):
    grade = grade_paths([broken_submission],
                        GradeOptions(timeout=2, engine=engine, jobs=1, sandbox="off"))[0]
    assert grade.cell_errors == [
        {"cell": 2, "error": "NameError: name 'undefined_name' is not defined"},
        {"cell": 3, "error": "stopped after 2 s (the time limit for one cell)"}]
    q1, q2 = grade.exercises[:2]
    assert q1.status is Status.CORRECT and "raised NameError" in q1.feedback
    assert q2.status is Status.INCORRECT and q2.points == 0
    assert "value left behind is not graded" in q2.feedback
    assert json.loads(json.dumps(grade.cell_errors)) == grade.cell_errors
