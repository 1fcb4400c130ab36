"""What grading hands the running wing: the modules a child starts with, the folders it reads.

The running wing knows no course. Whoever starts an engine asks this module, which reads
the installed courses' declarations: each course names the libraries its lessons use
(imported once by the fast engine's server, before any learner code), and its package
and data folders are what the learner's code may read inside the sandbox. Each notebook
runs after a first cell that makes its lesson's course the active one and gives it the
figures of that run.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from importlib.util import find_spec

from coursekit.model.course import courses

__all__ = ["course_cell", "preload", "readable"]


def preload() -> tuple[str, ...]:
    """The fast engine's imports: every course's libraries, coursekit, and every course's
    figures read."""
    modules = dict.fromkeys(name for course in courses().values() for name in course.preload)
    return (*modules, "coursekit", "coursekit.model.data:load_all")


def readable() -> tuple[str, ...]:
    """Every installed course's package folders and data folder, for the sandbox."""
    paths: set[str] = set()
    for course in courses().values():
        spec = find_spec(course.package)
        paths.update(spec.submodule_search_locations or [] if spec else [])
        with contextlib.suppress(Exception):  # a course without data fails later, clearly
            paths.add(str(course.data_dir()))
    return tuple(sorted(paths))


def course_cell(course: str, figures: Mapping[str, float]) -> str:
    """The code that makes ``course`` active in a learner's process with ``figures`` (values
    by id) as its figures, binding no name.

    It runs before the notebook's first cell, so that ``ck.figure(...)`` reads the lesson's
    course even before the notebook calls ``ck.questions(...)``. Every run of a notebook
    starts with this one cell, the real run and each variant alike, so that the modules
    loaded, the cells run and the way the figures arrive are the same in each: only the
    values differ (see :func:`coursekit.model.data.supply`).
    """
    values = {id: float(value) for id, value in figures.items()}
    return f"__import__('coursekit.model.data', fromlist=['supply']).supply({course!r}, {values!r})"
