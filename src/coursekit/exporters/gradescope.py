"""Results in Gradescope's autograder format: ``/autograder/results/results.json``.

Gradescope reads a ``score``, an ``output`` for the whole submission and a list of
``tests``, each with a ``name``, ``score``, ``max_score``, ``status`` (``passed`` or
``failed``), ``output`` and ``visibility``. Here each exercise is one test, its
feedback the test's output; the submission's output names the cells that raised or hit
a time limit, a notebook that could not be graded, and lateness when it is known.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal, TypedDict

from coursekit.exporters import Batch, Exporter, ExportError
from coursekit.grading.results import SubmissionGrade
from coursekit.judging.status import Status

__all__ = ["GRADESCOPE", "VISIBILITY", "GradescopeResults", "GradescopeTest", "results_json",
           "write_gradescope"]

#: When learners see their results: at once, as the course's feedback is meant to be read.
VISIBILITY = "visible"


class GradescopeTest(TypedDict):
    """One test of Gradescope's results: here, one exercise."""

    name: str
    number: str
    score: float
    max_score: float
    status: Literal["passed", "failed"]
    output: str
    visibility: str


class GradescopeResults(TypedDict):
    """Gradescope's ``results.json`` for one submission."""

    score: float
    output: str
    visibility: str
    stdout_visibility: str
    tests: list[GradescopeTest]


def _output(grade: SubmissionGrade) -> str:
    """What Gradescope shows above the tests: the notebook's problems, then its lateness."""
    lines = [f"{grade.lesson or 'Notebook'}: {grade.score:g} of {grade.max_score:g} points."]
    if grade.error:
        lines.append(f"Your notebook could not be graded: {grade.error}")
    lines += [f"Cell {c['cell']}: {c['error']}" for c in grade.cell_errors]
    if grade.late:
        lines.append(f"Submitted {grade.late['note']}."
                     + (f" {grade.late['penalty']:g} points taken off." if grade.late["penalty"]
                        else ""))
    return "\n".join(lines)


def results_json(grade: SubmissionGrade) -> GradescopeResults:
    """Gradescope's results for one graded (or failed) submission."""
    tests: list[GradescopeTest] = [
        {"name": exercise.id, "number": str(number), "score": exercise.points,
         "max_score": exercise.max_points,
         "status": "passed" if exercise.status is Status.CORRECT else "failed",
         "output": f"{exercise.status.heading}. {exercise.feedback}".strip(),
         "visibility": VISIBILITY}
        for number, exercise in enumerate(grade.exercises, start=1)]
    return {"score": grade.score, "output": _output(grade), "visibility": VISIBILITY,
            "stdout_visibility": "hidden", "tests": tests}


def write_gradescope(batch: Batch, path: Path | None) -> None:
    """Write Gradescope's ``results.json`` for the batch's one submission."""
    assert path is not None  # a file exporter always gets one
    if len(batch.grades) != 1:
        raise ExportError(f"Gradescope's results.json holds one submission; this batch has "
                          f"{len(batch.grades)}")
    path.write_text(json.dumps(results_json(batch.grades[0]), indent=2, ensure_ascii=False)
                    + "\n", encoding="utf-8")


GRADESCOPE = Exporter("gradescope", "Gradescope's results.json for one submission (a test "
                      "per exercise)", write_gradescope)
