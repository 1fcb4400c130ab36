"""What grading hands the running wing: the modules a child starts with, the folders it reads.

The running wing knows no course. Whoever starts an engine asks this module, which reads
the installed courses' declarations: each course names the libraries its lessons use
(imported once by the fast engine's server, before any learner code), and the learner's code
may read, inside the sandbox, the courses' data and their *key-free view*
(:mod:`coursekit.model.public`), written once per grading process into a temporary folder:
never the course packages themselves, which hold the answer key. The learner's process
imports the courses from that view, so no expected value, solution or mistake is in it.
Each notebook runs after a first cell that makes its lesson's course the active one, gives
it the figures of that run and its lesson's handouts.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, replace
from importlib.util import find_spec
from pathlib import Path

from coursekit.model.course import courses, find_course
from coursekit.model.exercises import Lesson, get_lesson
from coursekit.model.public import handout_sources, write_public
from coursekit.running.jobs import Job

__all__ = ["Work", "course_cell", "everything", "hidden", "preload", "public_folder",
           "readable"]


@functools.cache
def public_folder() -> str:
    """The folder with every installed course's key-free view, written once per process
    (removed when it ends)."""
    folder = tempfile.mkdtemp(prefix="coursekit-public-")
    atexit.register(shutil.rmtree, folder, True)
    for course in courses().values():
        write_public(Path(folder), course, hints=False)
    return folder


def preload() -> tuple[str, ...]:
    """The fast engine's imports: the key-free view's folder first (put on ``sys.path``),
    every course's libraries, coursekit, and every course's figures read."""
    modules = dict.fromkeys(name for course in courses().values() for name in course.preload)
    return (public_folder(), *modules, "coursekit", "coursekit.model.data:load_all")


def readable() -> tuple[str, ...]:
    """The courses' key-free view and every installed course's data folder, for the sandbox."""
    paths = {public_folder()}
    for course in courses().values():
        with contextlib.suppress(Exception):  # a course without data fails later, clearly
            paths.add(str(Path(str(course.data_dir())).resolve()))
    return tuple(sorted(paths))


def hidden() -> tuple[str, ...]:
    """The installed courses' own package folders, for the sandbox to hide (they hold the
    answer key; an installed course lies among the installed packages, which it shows)."""
    paths: set[str] = set()
    for course in courses().values():
        for package in (course.package, course.lessons_package):
            spec = find_spec(package)
            paths.update(os.path.realpath(p) for p in
                         (spec.submodule_search_locations or [] if spec else []))
            paths.update(p for p in (spec.submodule_search_locations or [] if spec else []))
    return tuple(sorted(paths))


@functools.cache
def _handouts(lesson: str) -> dict[str, str]:
    found = get_lesson(lesson)
    return handout_sources(found, find_course(found.course))


def course_cell(lesson: Lesson, figures: Mapping[str, float]) -> str:
    """The code that readies a learner's process for ``lesson`` with ``figures`` (values by
    id) as its course's figures, binding no name.

    It runs before the notebook's first cell: the courses come from their key-free view,
    ``ck.figure(...)`` reads the lesson's course even before the notebook calls
    ``ck.questions(...)``, and the names the lesson hands out are there to import. Every run
    of a notebook starts with this one cell, the real run and each variant alike, so that the
    modules loaded, the cells run and the way the figures arrive are the same in each: only
    the values differ (see :func:`coursekit.model.data.supply`).
    """
    values = {id: float(value) for id, value in figures.items()}
    return (f"__import__('coursekit.model.public', fromlist=['enter']).enter("
            f"{public_folder()!r}, {lesson.course!r}, {values!r}, {_handouts(lesson.id)!r})")


def everything() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """:func:`readable`, :func:`hidden` and :func:`preload`, found in this process (on a
    cluster worker: for that worker's fork server, see ``coursekit.running.cluster``)."""
    return readable(), hidden(), preload()


@dataclass(frozen=True)
class Work:
    """One run of a submission, as the pipeline hands it to an engine: the notebook's job,
    and the lesson and figures its first cell readies (see :func:`course_cell`).

    The first cell is added where the job runs (:meth:`ready`), since it names this
    process's key-free view: on a cluster, the worker's own.
    """

    job: Job
    lesson: str
    figures: Mapping[str, float]

    def ready(self) -> Job:
        """The job to run here: the course cell first, then the notebook's cells."""
        first = course_cell(get_lesson(self.lesson), self.figures)
        return replace(self.job, cells=[(-1, first), *self.job.cells])
