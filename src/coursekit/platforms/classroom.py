"""GitHub Classroom: the workflow GitHub Classroom's autograding runs for a lesson.

The template repository of an assignment holds one lesson notebook. The workflow
(``.github/workflows/classroom.yml``) installs the course into a virtual environment,
then runs one graded step per exercise with GitHub Classroom's
``classroom-resources/autograding-command-grader`` action: the step runs
``pytest --grade NOTEBOOK::qN`` and is worth the exercise's points when that exercise is
correct. ``classroom-resources/autograding-grading-reporter`` then reports the points to
GitHub Classroom.

The inputs and their reading follow the actions' source: the command grader's
``action.yml`` (``test-name``, ``setup-command``, ``command``, ``timeout`` in minutes,
``max-score``) and ``src/main.js``, which passes a step with exit code 0 and gives it
``parseInt(max-score)`` points: a step is all or nothing, and its points are a whole number
(a lesson with fractional points is refused, not truncated). The reporter reads each step
named in ``runners`` from the variable ``STEPID_RESULTS`` (its ``src/main.js``) and shows
"Points total/max", adding up the steps' scores and ``max_score`` (``src/notify-classroom.js``).
Each step's own output (``pytest --grade NOTEBOOK::qN``) scores that exercise alone, so the
learner reads the same points in a step as the workflow gives it, and the steps' outputs add
up to the reporter's total. Written answers get no step: part of their points is the
teacher's.
"""

from __future__ import annotations

import json
import shlex

from coursekit.base.errors import UsageError

__all__ = ["install_command", "workflow"]

#: The Python the workflow sets up.
PYTHON = "3.11"
#: Minutes one graded step may take (the command grader's ``timeout`` is in minutes).
STEP_MINUTES = 10


def install_command(package: str) -> str:
    """The shell command that makes the workflow's venv: the course, and pytest to grade."""
    return f"python -m venv .venv && .venv/bin/pip install --quiet pytest {shlex.quote(package)}"


def grade_command(notebook: str, exercise: str) -> str:
    """The shell command of one graded step: pytest on one exercise of the notebook."""
    return f".venv/bin/pytest --grade {notebook}::{exercise} -p no:cacheprovider"


def _q(text: str) -> str:
    """A YAML double-quoted scalar (a JSON string is one)."""
    return json.dumps(text)


def workflow(lesson: str, package: str, notebook: str | None = None) -> str:
    """The workflow file for a template repository holding one lesson's notebook."""
    from coursekit.model.exercises import get_lesson

    found = get_lesson(lesson)
    notebook = notebook or f"{found.id}.ipynb"
    lines = [
        f"# GitHub Classroom autograding for {found.id} ({found.title}),",
        "# written by 'coursekit classroom'. Each exercise is one graded step.",
        *(f"# {e.id} is a written answer, scored by the teacher (coursekit review): no step."
          for e in found.exercises if e.kind == "written"),
        "name: Autograding Tests",
        "\"on\":",
        "  - push",
        "  - repository_dispatch",
        "permissions:",
        "  checks: write",
        "  actions: read",
        "  contents: read",
        "jobs:",
        "  run-autograding-tests:",
        "    runs-on: ubuntu-latest",
        "    if: github.actor != 'github-classroom[bot]'",
        "    steps:",
        "      - name: Checkout code",
        "        uses: actions/checkout@v4",
        "      - name: Set up Python",
        "        uses: actions/setup-python@v5",
        "        with:",
        f"          python-version: {_q(PYTHON)}",
        "      - name: Install the course",
        f"        run: {_q(install_command(package))}",
    ]
    # A step is all or nothing, and a written answer waits for the teacher's part of its points
    # (pytest --grade skips it), so written answers get no step: the teacher scores them.
    graded = [e for e in found.exercises if e.kind != "written"]
    ids = [e.id for e in graded]
    fractional = [f"{e.id} ({e.points:g})" for e in graded if e.points != int(e.points)]
    if fractional:
        raise UsageError(f"{found.id}: GitHub Classroom's command grader reads a step's points "
                         f"as a whole number, and these exercises are worth fractions: "
                         f"{', '.join(fractional)}; give them whole points to grade there")
    for exercise in graded:
        lines += [
            f"      - name: {_q(exercise.id)}",
            f"        id: {exercise.id}",
            "        uses: classroom-resources/autograding-command-grader@v1",
            "        with:",
            f"          test-name: {_q(exercise.id)}",
            "          setup-command: \"\"",
            f"          command: {_q(grade_command(notebook, exercise.id))}",
            f"          timeout: {STEP_MINUTES}",
            f"          max-score: {int(exercise.points)}",
        ]
    lines += [
        "      - name: Autograding Reporter",
        "        uses: classroom-resources/autograding-grading-reporter@v1",
        "        env:",
        *(f"          {id.upper()}_RESULTS: \"${{{{steps.{id}.outputs.result}}}}\""
          for id in ids),
        "        with:",
        f"          runners: {','.join(ids)}",
    ]
    return "\n".join(lines) + "\n"
