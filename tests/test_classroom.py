"""GitHub Classroom: the autograding workflow parses, uses the documented actions, runs each
graded step's command as written in a venv made as the workflow makes it, and its points
add up to the lesson's.

The contract is the actions' source. classroom-resources/autograding-command-grader:
``action.yml`` (its inputs) and ``src/main.js`` (exit code 0 passes; the step's points are
``parseInt(max-score)``, all or nothing). classroom-resources/autograding-grading-reporter:
``src/main.js`` (``runners`` and each step's ``STEPID_RESULTS``) and
``src/notify-classroom.js`` ("Points total/max": the steps' scores and max_score added up).
The workflow's shape (``on``, ``permissions``, ``jobs.ID.steps``) is GitHub Actions'
workflow syntax, as GitHub Classroom's own template writes it.
"""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys

import nbformat
import pytest
import yaml
from nbformat.v4 import new_code_cell

from coursekit.cli.app import main
from coursekit.grading.pipeline import grade_notebook
from coursekit.model.exercises import get_lesson

from .conftest import clean_env, lesson_notebook

pytestmark = pytest.mark.pythons  # run under every declared Python (.ci/run)
LESSON = get_lesson("02_percentages")
GRADER = "classroom-resources/autograding-command-grader@v1"
REPORTER = "classroom-resources/autograding-grading-reporter@v1"
#: Exercises the test's learner leaves unanswered; the others are answered correctly.
SKIPPED = ("q2", "q5")


def steps_of(workflow_file) -> list[dict]:
    document = yaml.safe_load(workflow_file.read_text(encoding="utf-8"))
    assert document["on"] == ["push", "repository_dispatch"]
    assert document["permissions"]["checks"] == "write"
    return document["jobs"]["run-autograding-tests"]["steps"]


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A template repository holding the lesson, as a learner partly answered it."""
    repo = tmp_path_factory.mktemp("template")
    notebook = lesson_notebook(f"{LESSON.id}.ipynb")
    for exercise in LESSON.exercises:
        if exercise.id in SKIPPED:
            notebook.cells.append(new_code_cell(f"{exercise.answer} = ..."))
    nbformat.write(notebook, repo / f"{LESSON.id}.ipynb")
    return repo


def test_the_workflow_has_one_graded_step_per_exercise(template):
    workflow_file = template / ".github" / "workflows" / "classroom.yml"
    assert main(["classroom", LESSON.id, "--install", "coursekit @ git+https://example.org/c",
                 "-o", str(workflow_file)]) == 0
    steps = steps_of(workflow_file)
    graded = [s for s in steps if s.get("uses") == GRADER]
    machine = [e for e in LESSON.exercises if e.kind != "written"]  # written: the teacher's
    assert [s["with"]["test-name"] for s in graded] == [e.id for e in machine]
    assert all(type(s["with"]["max-score"]) is int for s in graded), "parseInt reads them"
    assert sum(s["with"]["max-score"] for s in graded) == sum(e.points for e in machine)
    assert "q9 is a written answer, scored by the teacher" in workflow_file.read_text()
    reporter = steps[-1]
    assert reporter["uses"] == REPORTER
    assert reporter["with"]["runners"].split(",") == [s["id"] for s in graded]
    assert reporter["env"] == {f"{s['id'].upper()}_RESULTS":
                               f"${{{{steps.{s['id']}.outputs.result}}}}" for s in graded}


def test_a_steps_log_scores_its_exercise_alone(pytester):
    """A step runs ``pytest --grade NOTEBOOK::qN``: its log showed the notebook's total
    (10/11) beside a step worth 1; it shows the exercise's points, as the step gives them."""
    nbformat.write(lesson_notebook(f"{LESSON.id}.ipynb"), pytester.path / "mine.ipynb")
    result = pytester.runpytest_subprocess("--grade", "mine.ipynb::q1", "--grade-no-sandbox",
                                           "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    q1 = LESSON.exercise("q1").points
    result.stdout.fnmatch_lines(["*coursekit scores*", f"mine.ipynb (q1): {q1:g}/{q1:g}",
                                 f"total: {q1:g}/{q1:g}"])


def test_fractional_points_are_refused_not_truncated(monkeypatch, tmp_path, capsys):
    from coursekit.model import exercises

    halved = dataclasses.replace(LESSON, exercises=[
        dataclasses.replace(e, points=1.5) if e.id == "q3" else e for e in LESSON.exercises])
    monkeypatch.setattr(exercises, "get_lesson", lambda id: halved)
    assert main(["classroom", LESSON.id, "--install", "coursekit", "-o",
                 str(tmp_path / "classroom.yml")]) == 2
    assert "worth fractions: q3 (1.5)" in capsys.readouterr().err
    assert not (tmp_path / "classroom.yml").exists()


@pytest.mark.slow
def test_each_step_runs_as_written_in_a_fresh_venv(template, tmp_path, project_wheel):
    env = clean_env()
    workflow_file = template / ".github" / "workflows" / "classroom.yml"
    assert main(["classroom", LESSON.id, "--install", str(project_wheel), "-o",
                 str(workflow_file)]) == 0
    steps = steps_of(workflow_file)
    # actions/setup-python puts a `python` on the PATH; here it is the interpreter of the tests.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys._base_executable)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    install = next(s for s in steps if s.get("name") == "Install the course")
    subprocess.run(["bash", "-c", install["run"]], cwd=template, env=env, check=True)
    earned = shown = 0
    for step in (s for s in steps if s.get("uses") == GRADER):
        done = subprocess.run(["bash", "-c", step["with"]["command"]], cwd=template, env=env,
                              capture_output=True, text=True)
        assert done.returncode == (1 if step["id"] in SKIPPED else 0), done.stdout
        points = step["with"]["max-score"] if done.returncode == 0 else 0  # as main.js scores
        earned += points
        # What the learner reads in the step's log agrees with the step's points.
        total = re.search(r"^total: (\S+)/(\S+)$", done.stdout, re.MULTILINE)
        assert total and (float(total[1]), float(total[2])) == (
            points, step["with"]["max-score"]), done.stdout
        assert f"({step['id']}): " in done.stdout
        shown += float(total[1])
    assert shown == earned
    expected = grade_notebook(template / f"{LESSON.id}.ipynb")
    written = {e.id for e in LESSON.exercises if e.kind == "written"}
    assert earned == sum(e.points for e in expected.exercises if e.id not in written)
    assert earned == sum(e.points for e in LESSON.exercises
                         if e.id not in written and e.id not in SKIPPED)
