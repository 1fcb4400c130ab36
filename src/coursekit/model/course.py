"""Courses as plug-ins: a course package declares its lessons, data and vocabularies.

coursekit is the framework; a course is a separate package that registers a
:class:`Course` under the ``coursekit.courses`` entry-point group, e.g. in its
``pyproject.toml``::

    [project.entry-points."coursekit.courses"]
    reading_numbers = "reading_numbers:COURSE"

The course's figures ship inside its package (``importlib.resources``), so a wheel
or a ``pip install git+URL`` finds them without a checkout.

Several courses may be installed side by side. Figures are read from the *active* course:
the one :func:`activate` (or :func:`using`, for a block) made active, which ``ck.questions``
does for its lesson's course and the grader for each notebook's; else the one installed
course; with several installed and none active, the one ``COURSEKIT_COURSE`` names, the
last resort when nothing else can tell.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import import_module, resources
from pathlib import Path
from typing import TYPE_CHECKING

from coursekit.base.errors import UsageError
from coursekit.base.plugins import load_group

if TYPE_CHECKING:  # what importlib.resources.files() returns; exported for model.data
    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable as Traversable
    else:  # Python 3.10: the same class at its old address
        from importlib.abc import Traversable as Traversable

__all__ = ["ENTRY_POINT_GROUP", "Course", "CourseError", "activate", "courses", "current_course",
           "find_course", "using"]

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
    ``version`` is the course's own version, stamped into the notebooks it releases; left
    empty, it is the version of the distribution that installs the course. ``public`` names
    the modules that hold no answer key.
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
    version: str = ""
    #: The course's modules, besides its package, that hold no part of the answer key
    #: (vocabularies, constants): the key-free view of the course keeps them as they are and
    #: leaves the others out, but for what a lesson hands out (see coursekit.model.public).
    public: tuple[str, ...] = ()

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
        source = import_module(self.package).__file__  # None for a namespace package
        checkout = Path(source).resolve().parents[2] / self.data if source else None
        if checkout is not None and checkout.is_dir():
            return checkout
        beside = f" nor at {checkout}" if checkout is not None else ""
        raise CourseError(f"course {self.id!r}: no '{self.data}' folder in package "
                          f"{self.package!r}{beside}; reinstall the course or set "
                          "COURSEKIT_DATA")


@functools.cache
def courses() -> dict[str, Course]:
    """Every installed course, by id, from the ``coursekit.courses`` entry points."""
    found = {course.id: course
             for _, course in load_group(ENTRY_POINT_GROUP, Course, CourseError)}
    return dict(sorted(found.items()))


def find_course(id: str) -> Course:
    """The installed course with this id, or a :class:`CourseError` naming the installed ones."""
    installed = courses()
    if id not in installed:
        raise CourseError(f"{id!r} is not an installed course "
                          f"(installed: {', '.join(installed) or 'none'})")
    return installed[id]


#: The course made active by :func:`activate`, or None.
_active: Course | None = None


def activate(course: Course | str | None) -> Course | None:
    """Make ``course`` (a :class:`Course` or an installed course's id) the active one.

    None makes none active again. Returns the course that was active before, or None.
    """
    global _active
    before = _active
    _active = find_course(course) if isinstance(course, str) else course
    return before


@contextlib.contextmanager
def using(course: Course | str | None) -> Iterator[None]:
    """Within the block, ``course`` is the active one; None or ``""`` leaves it as it is."""
    before = activate(course) if course else _active
    try:
        yield
    finally:
        activate(before)


def current_course() -> Course:
    """The course that figures come from: the active one, else the one installed.

    With several installed and none active, ``COURSEKIT_COURSE`` names it; when set, it
    must name an installed course.
    """
    if _active is not None:
        return _active
    installed = courses()
    wanted = os.environ.get("COURSEKIT_COURSE")
    if wanted:
        try:
            return find_course(wanted)
        except CourseError as error:
            raise CourseError(f"COURSEKIT_COURSE={error}") from None
    if len(installed) == 1:
        return next(iter(installed.values()))
    if not installed:
        raise CourseError("no coursekit course is installed: install a course package "
                          "(for example this repository with 'pip install -e .')")
    raise CourseError(f"several courses are installed ({', '.join(installed)}) and none is "
                      "active: call ck.questions('<lesson id>') first, or set "
                      "COURSEKIT_COURSE to the course to use")
