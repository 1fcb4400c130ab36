"""A course is a package of its own: found through its entry point, with its own data.

Two courses installed side by side need no environment variable: a notebook's lesson id
tells its course, and each course's exercises are judged on that course's figures.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import coursekit as ck
from coursekit.judging.checking import check_answer
from coursekit.judging.status import Status
from coursekit.model import course, data, exercises

from .conftest import LESSONS, ROOT, SOLUTIONS, clean_env, fake_distribution, machine_points

EXAMPLE = ROOT / "tests" / "example_course"
TINY_SOLUTION = EXAMPLE / "solutions" / "t01_first.ipynb"


@pytest.fixture
def fresh_registries():
    """Forget the cached courses, lessons and figures, and the active course, around a test."""
    caches = (course.courses, exercises.lessons, data._read_figures, data._read_timeline)
    for cache in caches:
        cache.cache_clear()
    course.activate(None)
    yield
    for cache in caches:
        cache.cache_clear()
    course.activate(None)


@pytest.fixture
def tiny_course_installed(tmp_path, monkeypatch, fresh_registries):
    """Install the example course quickly, in this process: its package plus an entry point."""
    fake_distribution(tmp_path, "tiny_course", "tiny_course = tiny_course:COURSE")
    monkeypatch.delenv("COURSEKIT_COURSE", raising=False)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.syspath_prepend(str(EXAMPLE))
    yield tmp_path
    for name in [m for m in sys.modules if m.startswith(("tiny_course", "clash_course"))]:
        del sys.modules[name]


def test_this_course_registers_itself(fresh_registries):
    installed = course.courses()
    assert "reading_numbers" in installed
    assert installed["reading_numbers"].data_dir().joinpath("figures.csv").is_file()


def test_a_second_course_brings_its_lessons_and_figures(tiny_course_installed):
    assert set(course.courses()) == {"reading_numbers", "tiny_course"}
    with pytest.raises(course.CourseError, match="several courses are installed"):
        course.current_course()
    tiny = ck.questions("t01_first")  # its lesson id tells the course: no variable to set
    assert ck.figure("voters") == 30
    assert tiny.q1.check(75.0).status is Status.CORRECT
    assert "fraction" in tiny.q1.check(0.75).feedback
    ours = ck.questions("02_percentages")
    assert ck.figure("company_employees") == 405
    right = exercises.get_lesson("02_percentages").exercise("q1").expected()
    assert ours.q1.check(right).status is Status.CORRECT
    # each course's exercises compute from its own figures, whichever course is active
    assert tiny.q1.check(75.0).status is Status.CORRECT
    assert check_answer(exercises.get_lesson("t01_first").exercise("q1"), 75.0).status \
        is Status.CORRECT
    with course.using("tiny_course"):
        assert ck.figure("members") == 40
        assert ours.q1.check(right).status is Status.CORRECT
    assert ck.figure("company_employees") == 405, "the block leaves the active course as it was"
    assert {"02_percentages", "t01_first"} <= set(exercises.lessons())


def _clash_course(where: Path, lesson_module: str) -> None:
    """Install a course 'clash_course' whose one lesson module has this source."""
    clash = where / "clash_course"
    (clash / "lessons").mkdir(parents=True)
    (clash / "__init__.py").write_text(
        "from coursekit import Course\n"
        "COURSE = Course(id='clash_course', title='Clash', package='clash_course', "
        "citation='none', sections=('main',), units=('person',))\n", encoding="utf-8")
    (clash / "lessons" / "__init__.py").write_text("", encoding="utf-8")
    (clash / "lessons" / "again.py").write_text(lesson_module, encoding="utf-8")
    fake_distribution(where, "clash_course", "clash_course = clash_course:COURSE")


def test_a_lesson_id_declared_by_two_courses_names_both(tiny_course_installed):
    _clash_course(tiny_course_installed,
                  "from coursekit import Lesson\nLESSON = Lesson(id='t01_first', title='Again')\n")
    with pytest.raises(course.CourseError,
                       match="'t01_first' is declared by two installed courses, "
                             "'clash_course' and 'tiny_course'"):
        exercises.get_lesson("t01_first")


def test_a_lesson_module_without_a_lesson_is_named(tiny_course_installed):
    _clash_course(tiny_course_installed, "LESSONS = []\n")
    with pytest.raises(course.CourseError,
                       match=r"clash_course\.lessons\.again declares no LESSON"):
        exercises.lessons()


def test_the_environment_variable_is_the_last_resort(tiny_course_installed, monkeypatch):
    monkeypatch.setenv("COURSEKIT_COURSE", "tiny_course")
    assert data.figure("voters") == 30
    ck.questions("02_percentages")
    assert data.figure("company_employees") == 405, "the notebook's lesson wins"


def test_an_unknown_course_is_named(tiny_course_installed, monkeypatch):
    monkeypatch.setenv("COURSEKIT_COURSE", "nope")
    with pytest.raises(course.CourseError, match="'nope' is not an installed course"):
        course.current_course()
    with pytest.raises(course.CourseError, match="'nope' is not an installed course"):
        course.activate("nope")


def test_no_lesson_computes_from_the_data_when_imported(tmp_path):
    env = {**os.environ, "COURSEKIT_DATA": str(tmp_path)}  # a folder without the tables
    run = subprocess.run([sys.executable, "-c", "from coursekit.model.exercises import lessons; "
                          "print(len(lessons()))"], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    assert int(run.stdout) >= 7


def test_an_entry_point_that_is_not_a_course_is_reported(tmp_path, monkeypatch,
                                                          fresh_registries):
    fake_distribution(tmp_path, "broken", "broken = os:sep")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(course.CourseError, match=r"'broken' .* is not a coursekit Course"):
        course.courses()


#: Run in the venv with both courses: import the courses' lessons in the order given, use each
#: course's questions and figures in that order, then grade the notebooks given, in that order,
#: with both engines. Prints what the test checks, as JSON.
TWO_COURSES = """
import importlib, json, pkgutil, sys
from pathlib import Path

order, notebooks = sys.argv[1].split(","), [Path(p) for p in sys.argv[2:]]
for package in order:
    lessons = importlib.import_module(package + ".lessons")
    for info in pkgutil.iter_modules(lessons.__path__):
        importlib.import_module(f"{package}.lessons.{info.name}")

import coursekit as ck
from coursekit.grading.options import GradeOptions
from coursekit.grading.pipeline import grade_paths

first = {"tiny_course": ("t01_first", "voters"),
         "reading_numbers": ("02_percentages", "company_employees")}
figures = {}
for package in order:
    lesson, figure = first[package]
    ck.questions(lesson)
    figures[figure] = ck.figure(figure)
graded = {engine: [{"lesson": g.lesson, "status": g.status, "error": g.error, "score": g.score,
                    "max": g.max_score, "flags": g.flags, "versions": g.versions,
                    "cell_errors": g.cell_errors}
                   for g in grade_paths(notebooks, GradeOptions(engine=engine, jobs=1))]
          for engine in ("fast", "kernel")}
print(json.dumps({"figures": figures, "graded": graded}))
"""


@pytest.fixture(scope="module")
def two_courses_venv(fresh_venv, tmp_path_factory):
    """A fresh virtual environment with this project (as a learner installs it) and the
    example course installed from its own wheel (a distribution of its own, version 0.2.0)."""
    where = tmp_path_factory.mktemp("two_courses")
    env = clean_env()
    source = where / "tiny-course"  # built from a copy: the build writes into its source
    shutil.copytree(EXAMPLE, source, ignore=shutil.ignore_patterns("solutions", "__pycache__"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                    str(where / "dist"), str(source)], check=True, env=env)
    venv = fresh_venv(next((where / "dist").glob("tiny_course-*.whl")))
    notebooks = where / "class"
    notebooks.mkdir()
    shutil.copy(TINY_SOLUTION, notebooks / "t01_first.ipynb")
    shutil.copy(SOLUTIONS / "02_percentages.ipynb", notebooks / "02_percentages.ipynb")
    shutil.copy(LESSONS / "02_percentages.ipynb", notebooks / "handed_out.ipynb")
    return venv, env, notebooks


@pytest.mark.slow  # builds a wheel and a venv (shared with the other fresh-install tests)
@pytest.mark.parametrize("order", ["tiny_course,reading_numbers", "reading_numbers,tiny_course"])
def test_two_installed_courses_grade_side_by_side(two_courses_venv, order):
    venv, env, notebooks = two_courses_venv
    names = ["t01_first", "02_percentages", "handed_out"]
    if order.startswith("reading_numbers"):
        names.reverse()
    run = subprocess.run([str(venv.python), "-c", TWO_COURSES, order,
                          *(str(notebooks / f"{name}.ipynb") for name in names)],
                         cwd=notebooks, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    found = json.loads(run.stdout)
    assert found["figures"] == {"voters": 30, "company_employees": 405}
    for engine, graded in found["graded"].items():
        by_lesson = {name: g for name, g in zip(names, graded, strict=True)}
        tiny, ours, handed_out = (by_lesson[n] for n in ("t01_first", "02_percentages",
                                                          "handed_out"))
        assert (tiny["status"], tiny["score"], tiny["max"]) == ("graded", 1, 1), (engine, tiny)
        assert tiny["cell_errors"] == [] and tiny["flags"] == []
        assert ours["status"] == "graded" and ours["cell_errors"] == [], (engine, ours)
        assert ours["score"] == machine_points("02_percentages")
        # each course's own version: the tiny course's distribution's, this course's declared
        assert tiny["versions"]["course"] == "0.2.0"
        assert ours["versions"]["course"] == course.courses()["reading_numbers"].version
        assert tiny["versions"]["figures"] != ours["versions"]["figures"]
        assert tiny["versions"]["grader"] == ours["versions"]["grader"]
        assert handed_out["status"] == "graded" and handed_out["flags"] == [], (engine,
                                                                                handed_out)
