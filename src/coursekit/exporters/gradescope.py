"""Results in Gradescope's autograder format: ``/autograder/results/results.json``.

The format is Gradescope's "Output format" (gradescope-autograders.readthedocs.io, page
"Autograder Specifications", sections "Output format", "Test case status" and "Output String
Formatting"; source: github.com/gradescope/autograder_samples, ``docs/specs.md``).
Each exercise is one test with a ``name``, ``number``, ``score``, ``max_score``, ``status``
(``passed`` or ``failed``), ``output`` (its feedback) and ``visibility``; the submission's
``output`` names the cells that raised or hit a time limit, a notebook that could not be
graded, lateness when it is known, and the written answers' part the teacher scores.

What the teacher scores is not the autograder's: a written answer's test is worth its
machine-checked points only, passes when it has them all, and says how many points the
teacher gives apart (on Gradescope, a manually graded question: docs/teaching.md). All text
is shown as written (``output_format`` and the tests' formats ``text``): Gradescope's
default for the top-level output renders sanitised HTML, which would drop a cell error's
``<...>``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal, TypedDict

from coursekit.exporters import Batch, Exporter, ExportError
from coursekit.grading.results import ExerciseGrade, Late, SubmissionGrade
from coursekit.judging.status import Status

__all__ = ["FORMAT", "GRADESCOPE", "VISIBILITY", "GradescopeResults", "GradescopeTest",
           "results_json", "write_gradescope"]

#: When learners see their results: at once, as the course's feedback is meant to be read.
VISIBILITY = "visible"
#: How Gradescope shows every text: as written, no HTML, Markdown or ANSI rendered.
FORMAT = "text"


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
    output_format: str
    test_output_format: str
    test_name_format: str
    visibility: str
    stdout_visibility: str
    tests: list[GradescopeTest]


def _teachers_points(lesson: str) -> dict[str, float]:
    """The points a teacher gives in each written exercise of the lesson (none if unknown)."""
    from coursekit.model.exercises import lessons

    found = lessons().get(lesson)
    exercises = found.exercises if found else []
    return {e.id: points for e in exercises
            if (points := sum(c.points for c in e.rubric if c.by_teacher))}


def _test(number: int, exercise: ExerciseGrade, teachers: float) -> GradescopeTest:
    """One exercise as a test worth its machine-checked points; the teacher's part apart."""
    max_score = exercise.max_points - teachers
    full = exercise.points >= max_score  # and waits for the teacher, or carried forward
    passed = exercise.status is Status.CORRECT or (full and (
        exercise.status is Status.NEEDS_REVIEW or bool(exercise.carried_from)))
    output = f"{exercise.status.heading}. {exercise.feedback}".strip()
    if teachers:
        output += (f"\nYour teacher scores the rest of this answer ({teachers:g} of its "
                   f"{exercise.max_points:g} points), apart from the autograder.")
    return {"name": exercise.id, "number": str(number), "score": exercise.points,
            "max_score": max_score, "status": "passed" if passed else "failed",
            "output": output, "visibility": VISIBILITY}


def _rule(late: Late) -> str:
    """`` (the rule)`` that took points off, or nothing for a record from before late rules."""
    return f" ({late['rule']})" if late.get("rule") else ""


def _output(grade: SubmissionGrade, tests: list[GradescopeTest],
            teachers: dict[str, float]) -> str:
    """What Gradescope shows above the tests: the score, the notebook's problems, its
    lateness, and the points the teacher gives apart."""
    machine = sum(t["max_score"] for t in tests)
    lines = [f"{grade.lesson or 'Notebook'}: {grade.score:g} of {machine:g} points."]
    if grade.error:
        lines.append(f"Your notebook could not be graded: {grade.error}")
    lines += [f"Cell {c['cell']}: {c['error']}" for c in grade.cell_errors]
    if grade.late:
        lines.append(f"Submitted {grade.late['note']}."
                     + (f" {grade.late['penalty']:g} points taken off{_rule(grade.late)}."
                        if grade.late["penalty"] else ""))
    if teachers and grade.exercises:
        parts = ", ".join(f"{id} ({points:g})" for id, points in teachers.items())
        lines.append(f"Your teacher scores part of the written answers apart from these "
                     f"tests: {parts}; {sum(teachers.values()):g} points in all.")
    return "\n".join(lines)


def results_json(grade: SubmissionGrade) -> GradescopeResults:
    """Gradescope's results for one graded (or failed) submission."""
    teachers = _teachers_points(grade.lesson)
    tests = [_test(number, exercise, teachers.get(exercise.id, 0))
             for number, exercise in enumerate(grade.exercises, start=1)]
    return {"score": grade.score, "output": _output(grade, tests, teachers),
            "output_format": FORMAT, "test_output_format": FORMAT, "test_name_format": FORMAT,
            "visibility": VISIBILITY, "stdout_visibility": "hidden", "tests": tests}


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
