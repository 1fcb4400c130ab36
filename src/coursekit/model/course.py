"""Courses as plug-ins: a course package declares its lessons, data and vocabularies.

coursekit is the framework; a course is a separate package that registers a
:class:`Course` under the ``coursekit.courses`` entry-point group, e.g. in its
``pyproject.toml``::

    [project.entry-points."coursekit.courses"]
    reading_numbers = "reading_numbers:COURSE"

The course's figures ship inside its package (``importlib.resources``), so a wheel
or a ``pip install git+URL`` finds them without a checkout.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from importlib import import_module, resources
from importlib.resources.abc import Traversable
from pathlib import Path

from coursekit.base.errors import UsageError
from coursekit.base.plugins import load_group

__all__ = ["ENTRY_POINT_GROUP", "Course", "CourseError", "courses", "current_course"]

#: The entry-point group a course package registers its :class:`Course` in.
ENTRY_POINT_GROUP = "coursekit.courses"


class CourseError(UsageError, LookupError):
    """No course is installed, or the one asked for is not."""

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Course:
    """A course: its package, where its lessons and data live, and its data vocabularies.

    ``lessons`` is a package holding one module per lesson, each defining ``LESSON``.
    ``data`` is a folder of the course package holding ``figures.csv`` and
    ``timeline.csv``. ``sections`` and ``units`` are the values those files may use.
    """

    id: str
    title: str
    package: str
    citation: str
    sections: tuple[str, ...]
    units: tuple[str, ...]
    lessons: str = ""
    data: str = "data"
    #: The libraries the lessons use; the fast grading engine imports them once, before any
    #: learner code runs, so that each submission starts as quickly as a warm kernel.
    preload: tuple[str, ...] = ("numpy", "pandas", "matplotlib.pyplot", "seaborn")

    @property
    def lessons_package(self) -> str:
        """The dotted name of the package with the lesson modules."""
        return self.lessons or f"{self.package}.lessons"

    def data_dir(self) -> Traversable:
        """The folder with the course's data tables.

        In an installed package (a wheel) it is the ``data`` folder inside the package.
        An editable install from a checkout has no copy there, so the checkout's
        top-level ``data/`` folder (two levels above ``src/<package>/``) is used.
        ``COURSEKIT_DATA`` overrides both.
        """
        override = os.environ.get("COURSEKIT_DATA")
        if override:
            return Path(override)
        packaged = resources.files(self.package).joinpath(self.data)
        if packaged.is_dir():
            return packaged
        module = import_module(self.package)
        checkout = Path(module.__file__).resolve().parents[2] / self.data
        if checkout.is_dir():
            return checkout
        raise CourseError(f"course {self.id!r}: no '{self.data}' folder in package "
                          f"{self.package!r} nor at {checkout}; reinstall the course or set "
                          "COURSEKIT_DATA")


@functools.cache
def courses() -> dict[str, Course]:
    """Every installed course, by id, from the ``coursekit.courses`` entry points."""
    found = {course.id: course
             for _, course in load_group(ENTRY_POINT_GROUP, Course, CourseError)}
    return dict(sorted(found.items()))


def current_course() -> Course:
    """The course that figures and lessons come from.

    ``COURSEKIT_COURSE`` names it; without it, the one installed course is used.
    """
    installed = courses()
    wanted = os.environ.get("COURSEKIT_COURSE")
    if wanted:
        if wanted not in installed:
            raise CourseError(f"COURSEKIT_COURSE={wanted!r} is not an installed course "
                              f"(installed: {', '.join(installed) or 'none'})")
        return installed[wanted]
    if len(installed) == 1:
        return next(iter(installed.values()))
    if not installed:
        raise CourseError("no coursekit course is installed: install a course package "
                          "(for example this repository with 'pip install -e .')")
    raise CourseError(f"several courses are installed ({', '.join(installed)}): set "
                      "COURSEKIT_COURSE to the one to use")
