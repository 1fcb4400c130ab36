"""ex.grade() and grading after the course install alone (pytest is not only a test extra)."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell

import coursekit as ck
from coursekit.grading.pipeline import GradeOptions, grade_paths
from coursekit.learner import selfgrade
from coursekit.learner.saved import notebook_file
from coursekit.learner.selfgrade import GRADING_ENV, SelfGrade
from coursekit.model.exercises import get_lesson
from coursekit.running import sandbox
from coursekit.running.notebooks import read, write
from coursekit.running.sandbox import SandboxUnavailable

from .conftest import LESSONS, ROOT, clean_env, learner_install_command, lesson_notebook

LESSON = get_lesson("02_percentages")


def learner_copy(folder: Path) -> Path:
    """A learner's lesson 02 in ``folder``: q1 answered with a fraction, q2 correctly."""
    notebook = read(LESSONS / "02_percentages.ipynb")
    q1, q2 = LESSON.exercise("q1"), LESSON.exercise("q2")
    notebook.cells.append(new_code_cell(f"{q1.answer} = {q1.expected() / 100:.3f}\n"
                                        f"{q2.answer} = {q2.expected()!r}", id="answers"))
    path = folder / "02_percentages.ipynb"
    write(notebook, path)
    return path


def test_grade_gives_what_the_grader_gives(tmp_path):
    path = learner_copy(tmp_path)
    teacher = grade_paths([path])[0]
    mine = ck.questions(LESSON.id).grade(path)
    assert isinstance(mine, SelfGrade) and mine.problem is None
    assert (mine.score, mine.max_score) == (teacher.score, teacher.max_score)
    assert mine.exercises == teacher.exercises
    text = repr(mine)
    assert f"Score: {teacher.score:g} of {teacher.max_score:g} points" in text
    assert "as last saved" in text and "-m pytest --grade" in text
    assert teacher.score == 1 and "fraction" in mine.exercises[0].feedback


@pytest.mark.slow
def test_the_graders_engines_make_ex_grade_a_no_op(tmp_path):
    """Each engine sets GRADING_ENV in the notebook's process; a check that can fail."""
    notebook = lesson_notebook("02_percentages.ipynb")
    q1 = LESSON.exercise("q1").answer
    notebook.cells.append(new_code_cell(
        f"import os\nif os.environ.get({GRADING_ENV!r}) != '1':\n    del {q1}", id="env"))
    path = tmp_path / "02_percentages.ipynb"
    write(notebook, path)
    try:
        sandbox.require()
        sandboxes = ["off", "on"]
    except SandboxUnavailable:  # tests/test_sandbox.py makes CI fail for that
        sandboxes = ["off"]
    for engine, confined in itertools.product(("fast", "kernel"), sandboxes):
        grade = grade_paths([path], GradeOptions(engine=engine, sandbox=confined))[0]
        assert grade.exercises[0].status == "correct", (engine, confined)
        # the worked lesson, its own ex.grade() cell included, graded in full
        assert {str(e.status) for e in grade.exercises} <= {"correct", "needs_review"}


def test_inside_the_grader_it_does_nothing(monkeypatch, tmp_path):
    monkeypatch.setenv(GRADING_ENV, "1")
    result = ck.questions(LESSON.id).grade(learner_copy(tmp_path))
    assert result.problem and "does nothing" in result.problem and result.score == 0


@pytest.mark.parametrize("given, problem", [
    (None, "cannot tell which notebook"),
    ("missing.ipynb", "There is no notebook file"),
])
def test_it_says_what_is_wrong_instead_of_raising(given, problem, monkeypatch, tmp_path):
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    monkeypatch.chdir(tmp_path)
    result = selfgrade.grade(LESSON, given, namespace={})
    assert problem in result.problem
    assert (result.score, result.max_score, result.exercises) == (0, LESSON.max_score, [])
    assert "nothing graded" in repr(result) and "nothing graded" in result._repr_html_()


def test_a_broken_notebook_is_an_error_not_an_exception(tmp_path):
    path = tmp_path / "02_percentages.ipynb"
    path.write_text("{ not json", encoding="utf-8")
    result = ck.questions(LESSON.id).grade(path)
    assert result.score == 0
    assert "could not be graded" in " ".join(result.notes) + (result.problem or "")


def test_it_finds_its_notebook_as_jupyterlab_and_vs_code_say(monkeypatch, tmp_path):
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    monkeypatch.chdir(tmp_path)
    where = tmp_path / "02_percentages.ipynb"
    assert notebook_file({"__session__": str(where)}) == where  # JupyterLab
    assert notebook_file({"__session__": "lessons/02_percentages.ipynb"}) == where
    assert notebook_file({"__vsc_ipynb_file__": str(where)}) == where  # VS Code
    assert notebook_file({"__session__": "console-1-abc"}) is None  # a console, not a file
    assert notebook_file({}) is None
    monkeypatch.setenv("JPY_SESSION_NAME", str(where))
    assert notebook_file({}) == where


def test_it_warns_about_code_the_saved_file_lacks(monkeypatch, tmp_path):
    path = learner_copy(tmp_path)
    setup = next(c.source for c in read(path).cells if c.cell_type == "code")
    history = types.SimpleNamespace(input_hist_raw=["", setup, "share = 0.9  # run, not saved",
                                                    "ex.grade()"])
    shell = types.SimpleNamespace(history_manager=history)
    monkeypatch.setitem(sys.modules, "IPython", types.SimpleNamespace(get_ipython=lambda: shell))
    monkeypatch.setattr(selfgrade, "_grade_in_fresh_process", lambda file: {
        "lesson": LESSON.id, "error": None, "score": 0, "max_score": 8, "exercises": []})
    result = selfgrade.grade(LESSON, namespace={"__session__": str(path)})
    assert any("ran 1 cell whose code is not in the saved file" in n for n in result.notes)
    notebook = read(path)
    notebook.cells[-1].execution_count = 2  # saved after the second run: nothing unsaved
    write(notebook, path)
    assert selfgrade.grade(LESSON, namespace={"__session__": str(path)}).notes == []


def test_python_m_coursekit_runs_the_command():
    run = subprocess.run([sys.executable, "-m", "coursekit", "--help"], capture_output=True,
                         text=True)
    assert run.returncode == 0 and "grade" in run.stdout


@pytest.mark.slow
def test_the_course_install_alone_can_grade(fresh_venv):
    """The README's course command in a fresh venv, then each way to grade that it teaches."""
    assert "[test]" not in learner_install_command()
    venv = fresh_venv()  # made by that command in a copy of the repository's tracked files
    course, env = venv.path.parent, clean_env()
    python = str(venv.python)
    lessons = course / "lessons"
    terminal = next(c.source for c in read(lessons / "02_percentages.ipynb").cells
                    if c.get("id") == "grade-terminal")
    command = re.search(r"```\n(.+?)\n```", terminal)[1]  # as the lesson tells it, in lessons/
    assert command == "../.venv/bin/python -m pytest --grade 02_percentages.ipynb"
    by_pytest = subprocess.run(command, shell=True, cwd=lessons, env=env, capture_output=True,
                               text=True)
    score = f"02_percentages.ipynb: 0/{LESSON.max_score:g}"
    assert score in by_pytest.stdout, by_pytest.stdout + by_pytest.stderr
    by_coursekit = subprocess.run([python, "-m", "coursekit", "grade", "02_percentages.ipynb",
                                   "--format", "json"], cwd=lessons, env=env,
                                  capture_output=True, text=True)
    assert json.loads(by_coursekit.stdout)["submissions"][0]["score"] == 0
    in_notebook = subprocess.run(
        [python, "-c", "import coursekit as ck; g = ck.questions('02_percentages').grade("
         "'02_percentages.ipynb'); print(g.score, g.max_score, g.problem)"],
        cwd=lessons, env=env, capture_output=True, text=True)
    assert in_notebook.stdout.split() == ["0", f"{LESSON.max_score:g}", "None"], in_notebook.stderr
    settings = venv.path / "share" / "jupyter" / "lab" / "settings" / "overrides.d"
    assert json.loads((settings / "coursekit-lab-settings.json").read_text()) == json.loads(
        (ROOT / "jupyter" / "coursekit-lab-settings.json").read_text())
    assert (LESSONS / "02_percentages.ipynb").read_bytes() == (
        lessons / "02_percentages.ipynb").read_bytes()  # graded, never changed


@pytest.mark.slow
def test_the_learner_loop_benchmark_measures_every_figure():
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "learner_loop.py"),
                          "--runs", "1"], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stdout + run.stderr[-3000:]
    for row in ("coursekit --help", "plain nbclient run", "pytest --grade FILE",
                "ex.grade(FILE)", "ex.progress()"):
        assert row in run.stdout, run.stdout
    assert "x plain" in run.stdout
