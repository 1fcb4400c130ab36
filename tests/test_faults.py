"""A class of broken, hostile-by-accident and odd submissions: each gets a result, the batch
goes on, both engines agree, and no file is changed."""

from __future__ import annotations

import hashlib
import time

import pytest
from nbformat.v4 import new_code_cell

from coursekit.grading.pipeline import GradeOptions, grade_paths
from coursekit.grading.results import SubmissionGrade
from coursekit.model.exercises import get_lesson
from coursekit.running.notebooks import find_notebooks, write

from .conftest import ROOT, insert_after, lesson_notebook

pytestmark = pytest.mark.slow  # a class graded by both engines, and time limits waited out

SETUP = 'ex = ck.questions("02_percentages")'
#: The worked solution's statuses: every answer correct, the written one waiting for review.
ALL_CORRECT = {e.id: "needs_review" if e.kind == "written" else "correct"
               for e in get_lesson("02_percentages").exercises}


def with_cells(*sources: str, after: str = SETUP):
    return insert_after(lesson_notebook("02_percentages.ipynb"), after, *sources)


def only_cells(*sources: str):
    """A lesson 02 submission with nothing but these code cells (no slow imports)."""
    notebook = lesson_notebook("02_percentages.ipynb")
    notebook.cells = [new_code_cell(source) for source in sources]
    return notebook


def build_class(folder):
    """Write the fault submissions into folder; return what each must grade as."""
    write(lesson_notebook("02_percentages.ipynb"), folder / "ok.ipynb")
    write(lesson_notebook("02_percentages.ipynb"), folder / "Zoë 名前 ünïcode.ipynb")
    write(with_cells("name = input('Your name? ')", "while True:\n    pass",
                     "raise SystemExit(1)", "import sys\nsys.exit(0)"),
          folder / "loop_input_exit.ipynb")
    write(with_cells("exit()"), folder / "exit_call.ipynb")
    write(with_cells(
        "import coursekit, coursekit.judging.checking, coursekit.grading.pipeline\n"
        "import coursekit.running.readout\n"
        "coursekit.judging.checking.check_snapshot = lambda *args, **kwargs: None\n"
        "coursekit.running.readout.dump = lambda *args: '{}'\n"
        "ex.q1.check = lambda *args: 'correct'\n"
        "def check_answer(*args):\n    return True"),
        folder / "monkeypatch.ipynb")
    insert_after(nb := lesson_notebook("02_percentages.ipynb"), "hubei_share = ck.share_percent",
                 "hubei_share = 100 - hubei_share")
    write(insert_after(nb, SETUP, "import coursekit\ncoursekit.questions = None"),
          folder / "complement.ipynb")
    write(with_cells("for _ in range(200):\n    print('y' * 100_000)"), folder / "flood.ipynb")
    write(with_cells("import os, shutil\n"
                     "for place in ('.', '..'):\n"
                     "    for name in os.listdir(place):\n"
                     "        path = os.path.join(place, name)\n"
                     "        shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)"),
          folder / "wipe.ipynb")
    types = lesson_notebook("02_percentages.ipynb")
    insert_after(types, "company_share = ck.share_percent", "company_share = '88.9%'")
    insert_after(types, "hubei_share = ck.share_percent", "hubei_share = None")
    insert_after(types, "station_share = ck.share_percent",
                 "import numpy\nstation_share = numpy.float64(station_share)")
    insert_after(types, "share_gap = ck.percentage_points", "share_gap = float('nan')")
    insert_after(types, "students_per_teacher = ck.ratio",
                 "import pandas\nstudents_per_teacher = pandas.Series([students_per_teacher])")
    write(types, folder / "types.ipynb")
    write(with_cells("import os\nos._exit(3)"), folder / "exit_process.ipynb")
    write(with_cells("import ctypes\nctypes.string_at(0)"), folder / "segfault.ipynb")
    empty = lesson_notebook("02_percentages.ipynb")
    empty.cells = []
    write(empty, folder / "empty.ipynb")
    (folder / "corrupt.ipynb").write_text('{"cells": [', encoding="utf-8")
    (folder / "garbage.ipynb").write_bytes(bytes(range(256)) * 4)
    (folder / "version3.ipynb").write_text(
        '{"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": []}')
    return {
        "ok": ("graded", ALL_CORRECT),
        "Zoë 名前 ünïcode": ("graded", ALL_CORRECT),
        "loop_input_exit": ("graded", ALL_CORRECT),
        "monkeypatch": ("graded", ALL_CORRECT),
        "complement": ("graded", {**ALL_CORRECT, "q4": "incorrect"}),
        "flood": ("graded", ALL_CORRECT),
        "wipe": ("graded", ALL_CORRECT),
        "types": ("graded", {"q1": "incorrect", "q2": "unanswered", "q3": "correct",
                             "q4": "incorrect", "q5": "correct", "q6": "correct",
                             "q7": "incorrect", "q8": "incorrect", "q9": "needs_review"}),
        "exit_call": ("error", None),  # exit() shuts a kernel down, as in JupyterLab
        "exit_process": ("error", None),
        "segfault": ("error", None),
        "empty": ("graded", dict.fromkeys(ALL_CORRECT, "unanswered")),
        "corrupt": ("error", None),
        "garbage": ("error", None),
        "version3": ("error", None),
    }


def fingerprint(folder):
    return {p: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def faults(tmp_path_factory):
    """The fault class graded by both engines, with file fingerprints taken around it."""
    folder = tmp_path_factory.mktemp("class")
    expected = build_class(folder)
    before = fingerprint(folder), fingerprint(ROOT / "data")
    paths = find_notebooks([folder])
    grades = {engine: grade_paths(paths, GradeOptions(timeout=10, engine=engine, jobs=2,
                                                     sandbox="off"))
              for engine in ("fast", "kernel")}
    after = fingerprint(folder), fingerprint(ROOT / "data")
    return expected, grades, before, after


def by_name(grades: list[SubmissionGrade]) -> dict[str, SubmissionGrade]:
    return {g.path.rsplit("/", 1)[-1].removesuffix(".ipynb"): g for g in grades}


@pytest.mark.parametrize("engine", ["fast", "kernel"])
def test_every_submission_gets_its_result(faults, engine):
    expected, grades, _, _ = faults
    graded = by_name(grades[engine])
    assert set(graded) == set(expected)
    for name, (status, exercises) in expected.items():
        grade = graded[name]
        assert grade.status == status, (name, grade.error)
        if exercises:
            assert {e.id: e.status for e in grade.exercises} == exercises, name
        else:
            assert grade.error and grade.score == 0


def test_diagnoses_survive_monkeypatching_and_odd_types(faults):
    _, grades, _, _ = faults
    graded = by_name(grades["fast"])
    assert "complement" in graded["complement"].exercises[3].feedback
    types = {e.id: e.feedback for e in graded["types"].exercises}
    assert "the text '88.9%'" in types["q1"]
    assert "is None" in types["q4"]
    assert "pandas series with 1 rows" in types["q8"]
    assert "not a number" in types["q7"]


def test_error_messages_say_what_happened(faults):
    _, grades, _, _ = faults
    for engine in ("fast", "kernel"):
        graded = by_name(grades[engine])
        assert "cell" in graded["exit_process"].error and "exit" in graded["exit_process"].error
        assert "nbformat must be 4" in graded["version3"].error
        assert "not a valid notebook" in graded["corrupt"].error
    assert "SIGSEGV" in by_name(grades["fast"])["segfault"].error


def test_engines_agree(faults):
    _, grades, _, _ = faults
    fast, kernel = by_name(grades["fast"]), by_name(grades["kernel"])
    for name, grade in fast.items():
        other = kernel[name]
        assert (grade.status, grade.score, grade.max_score) == (
            other.status, other.score, other.max_score), name
        if grade.status == "graded":
            assert grade.exercises == other.exercises, name
            assert grade.cell_errors == other.cell_errors, name


def test_failed_cells_are_reported(faults):
    _, grades, _, _ = faults
    for engine in ("fast", "kernel"):
        errors = [e["error"] for e in by_name(grades[engine])["loop_input_exit"].cell_errors]
        assert errors[0].startswith("StdinNotImplementedError"), engine
        assert errors[1].startswith("stopped after"), engine
        assert errors[2:] == ["SystemExit: 1", "SystemExit: 0"], engine


def test_no_file_changes(faults):
    _, _, before, after = faults
    assert before == after, "submissions and data/ must be byte-for-byte unchanged"


@pytest.mark.parametrize("engine", ["fast", "kernel"])
def test_notebook_time_limit_bounds_a_slow_submission(tmp_path, engine):
    notebook = lesson_notebook("02_percentages.ipynb")
    for index in range(len(notebook.cells), 0, -1):
        notebook.cells.insert(index, new_code_cell("import time\ntime.sleep(1)"))
    write(notebook, tmp_path / "slow.ipynb")
    started = time.monotonic()
    [grade] = grade_paths([tmp_path / "slow.ipynb"], GradeOptions(
        timeout=5, notebook_timeout=6, engine=engine, jobs=1, sandbox="off"))
    assert time.monotonic() - started < 40
    assert grade.status == "graded"
    assert "unanswered" in {e.status for e in grade.exercises}, "later cells must be skipped"


@pytest.mark.parametrize("engine", ["fast", "kernel"])
def test_a_cell_that_ignores_interrupts_is_stopped_by_the_notebook_limit(tmp_path, engine):
    write(only_cells("import signal\n"
                     "signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
                     "signal.signal(signal.SIGALRM, signal.SIG_IGN)\n"
                     "while True:\n    pass"), tmp_path / "stubborn.ipynb")
    started = time.monotonic()
    [grade] = grade_paths([tmp_path / "stubborn.ipynb"], GradeOptions(
        timeout=2, notebook_timeout=4, engine=engine, jobs=1, sandbox="off"))
    assert time.monotonic() - started < 60
    assert grade.status == "error" and "time limit of 4 s" in grade.error


def test_a_kernel_that_loses_a_reply_is_still_graded(tmp_path):
    """ipykernel can lose an interrupted cell's reply and then sit idle; the grader goes on."""
    write(with_cells("kernel = get_ipython().kernel\n"
                     "send = kernel.session.send\n"
                     "def lose_the_reply(stream, kind, *args, **kwargs):\n"
                     "    if kind != 'execute_reply':\n"
                     "        return send(stream, kind, *args, **kwargs)\n"
                     "    kernel.session.send = send\n"
                     "kernel.session.send = lose_the_reply"), tmp_path / "lost.ipynb")
    started = time.monotonic()
    [grade] = grade_paths([tmp_path / "lost.ipynb"], GradeOptions(
        timeout=10, notebook_timeout=120, engine="kernel", jobs=1, sandbox="off"))
    assert time.monotonic() - started < 40
    assert grade.status == "graded", grade.error
    assert {e.id: e.status for e in grade.exercises} == ALL_CORRECT
