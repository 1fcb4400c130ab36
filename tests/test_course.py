"""A course is a package of its own: found through its entry point, with its own data."""

from __future__ import annotations

import sys

import pytest

from coursekit.judging.checking import check_answer
from coursekit.judging.status import Status
from coursekit.model import course, data, exercises

from .conftest import ROOT

EXAMPLE = ROOT / "tests" / "example_course"


@pytest.fixture
def fresh_registries():
    """Forget the cached courses, lessons and figures before and after a test."""
    caches = (course.courses, exercises.lessons, data._figures, data._timeline)
    for cache in caches:
        cache.cache_clear()
    yield
    for cache in caches:
        cache.cache_clear()


@pytest.fixture
def tiny_course_installed(tmp_path, monkeypatch, fresh_registries):
    """Install the example course the way pip would: its package plus an entry point."""
    info = tmp_path / "tiny_course-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: tiny-course\nVersion: 0.1\n",
                                   encoding="utf-8")
    (info / "entry_points.txt").write_text(
        "[coursekit.courses]\ntiny_course = tiny_course:COURSE\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.syspath_prepend(str(EXAMPLE))
    yield
    for name in [m for m in sys.modules if m.startswith("tiny_course")]:
        del sys.modules[name]


def test_this_course_registers_itself(fresh_registries):
    installed = course.courses()
    assert "reading_numbers" in installed
    assert installed["reading_numbers"].data_dir().joinpath("figures.csv").is_file()


def test_a_second_course_brings_its_lessons_and_figures(tiny_course_installed, monkeypatch):
    assert set(course.courses()) == {"reading_numbers", "tiny_course"}
    with pytest.raises(course.CourseError, match="several courses are installed"):
        course.current_course()
    monkeypatch.setenv("COURSEKIT_COURSE", "tiny_course")
    assert data.figure("voters") == 30
    lesson = exercises.get_lesson("t01_first")
    assert check_answer(lesson.exercise("q1"), 75.0).status is Status.CORRECT
    assert "fraction" in check_answer(lesson.exercise("q1"), 0.75).feedback
    assert "02_percentages" in exercises.lessons(), "lessons of every course stay available"


def test_an_unknown_course_is_named(tiny_course_installed, monkeypatch):
    monkeypatch.setenv("COURSEKIT_COURSE", "nope")
    with pytest.raises(course.CourseError, match="'nope' is not an installed course"):
        course.current_course()


def test_an_entry_point_that_is_not_a_course_is_reported(tmp_path, monkeypatch,
                                                          fresh_registries):
    info = tmp_path / "broken-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: broken\nVersion: 0.1\n",
                                   encoding="utf-8")
    (info / "entry_points.txt").write_text("[coursekit.courses]\nbroken = os:sep\n",
                                           encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(course.CourseError, match=r"'broken' .* is not a coursekit Course"):
        course.courses()
