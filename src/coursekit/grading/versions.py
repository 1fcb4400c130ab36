"""Which course, figures and grader a notebook was released and graded with.

``coursekit release`` stamps each lesson's metadata with its course's version and a
hash of the course's figures (``figures.csv`` and ``timeline.csv``); the grader records
its own version and the course's version and figures it graded with, and flags a
submission released from others. A course's version is its own (declared on its
:class:`~coursekit.model.course.Course`, else its distribution's), so a release of the
framework alone flags no notebook already handed out.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping
from importlib import metadata

from coursekit.grading.results import Flag
from coursekit.model.course import (
    ENTRY_POINT_GROUP,
    Course,
    CourseError,
    current_course,
    find_course,
)
from coursekit.model.exercises import lessons

__all__ = ["course_version", "figures_hash", "grader_versions", "release_stamp",
           "version_flags"]


def course_version(course: Course | None = None) -> str:
    """The version of a course (else of the active one).

    That is the ``version`` its declaration gives, else the version of the installed
    distribution whose ``coursekit.courses`` entry point names the course's package (found
    without scanning every installed distribution's file list).
    """
    course = course or current_course()
    if course.version:
        return course.version
    package = course.package.partition(".")[0]
    for point in metadata.entry_points(group=ENTRY_POINT_GROUP):
        if point.module.partition(".")[0] == package and point.dist is not None:
            return point.dist.version
    return "unknown"


@functools.cache
def _hash(figures: bytes, timeline: bytes) -> str:
    digest = hashlib.sha256()
    for content in (figures, timeline):
        digest.update(content.replace(b"\r\n", b"\n"))
        digest.update(b"\0")
    return digest.hexdigest()[:12]


def figures_hash(course: Course | None = None) -> str:
    """A short hash of a course's (else the active course's) data tables, line endings
    ignored."""
    from coursekit.model.data import data_dir

    folder = data_dir(course)
    return _hash((folder / "figures.csv").read_bytes(), (folder / "timeline.csv").read_bytes())


def release_stamp(lesson_id: str = "") -> dict[str, str]:
    """What ``coursekit release`` writes into a lesson's ``coursekit`` metadata.

    The course is the one that declares the lesson; for an id no course declares (or
    none), the active course.
    """
    declared = lessons().get(lesson_id)
    course = find_course(declared.course) if declared else current_course()
    return {"course_version": course_version(course), "figures_hash": figures_hash(course)}


def grader_versions(course: Course | None = None) -> dict[str, str]:
    """What the results record: the grader's version, the course's and its figures' hash.

    The course is ``course``, else the active one; when none can be told (several are
    installed, none active), only the grader's version is recorded.
    """
    from coursekit.base.version import __version__

    try:
        course = course or current_course()
    except CourseError:
        return {"grader": __version__}
    return {"grader": __version__, "course": course_version(course),
            "figures": figures_hash(course)}


def version_flags(stamp: Mapping[str, object], graded: dict[str, str]) -> list[Flag]:
    """A flag when a notebook's release stamp names another course version or other figures.

    A notebook without a stamp (released before stamps existed) is not flagged.
    """
    released = (stamp.get("course_version"), stamp.get("figures_hash"))
    if released == (None, None) or released == (graded["course"], graded["figures"]):
        return []
    return [{"cell": None, "exercise": None, "reason": "version",
             "detail": f"released with course {released[0]} and figures {released[1]}, but "
                       f"graded with course {graded['course']} and figures "
                       f"{graded['figures']}: an exercise may have changed since this "
                       "notebook was handed out"}]
