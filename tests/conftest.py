"""Shared fixtures: the repository's folders and graded copies of every lesson."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from coursekit.grading.pipeline import grade_paths
from coursekit.running.notebooks import find_notebooks

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
LESSONS = ROOT / "lessons"
FIXTURES = Path(__file__).parent / "fixtures"

pytest_plugins = ["pytester"]


@pytest.fixture(scope="session")
def project_wheel(tmp_path_factory) -> Path:
    """This repository's wheel (coursekit and this course), built once for the session."""
    dist = tmp_path_factory.mktemp("project_wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist),
                    str(ROOT)], check=True)
    return next(dist.glob("coursekit-*.whl"))


@pytest.fixture(scope="session")
def graded_solutions():
    """Every solution notebook, graded once for the whole test session."""
    return grade_paths(find_notebooks([SOLUTIONS]))


@pytest.fixture(scope="session")
def graded_lessons():
    """Every released lesson notebook, as a learner first gets it, graded once."""
    return grade_paths(find_notebooks([LESSONS]))


def lesson_notebook(name: str):
    """A fresh in-memory copy of a solution notebook, to build test submissions from."""
    from coursekit.running.notebooks import read

    return read(SOLUTIONS / name)


def insert_after(notebook, marker: str, *sources: str):
    """Insert code cells after the first cell whose source contains marker."""
    from nbformat.v4 import new_code_cell

    index = next(i for i, c in enumerate(notebook.cells) if marker in c.source)
    for offset, source in enumerate(sources, start=1):
        cell = new_code_cell(source)
        cell.id = f"inserted-{index}-{offset}"
        notebook.cells.insert(index + offset, cell)
    return notebook


def machine_points(lesson_id: str) -> float:
    """What a worked solution of a lesson scores before the teacher scores written answers."""
    from coursekit.model.exercises import get_lesson

    lesson = get_lesson(lesson_id)
    return lesson.max_score - sum(c.points for e in lesson.exercises for c in e.rubric
                                  if c.by_teacher)
