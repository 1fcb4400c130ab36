"""Which course, figures, checks and grader a notebook was released and graded with.

``coursekit release`` stamps each lesson's metadata with its course's version, a hash of
the course's figures (``figures.csv`` and ``timeline.csv``) and a hash of what judges the
lesson's answers (:func:`checks_hash`: its declarations and the judging code); the grader
records its own version and the course's version, figures and checks it graded with, and
flags a submission released from others. A course's version is its own (declared on its
:class:`~coursekit.model.course.Course`, else its distribution's), so a release of the
framework alone flags no notebook already handed out, unless it changed the judging code.
A fix to a check without a new course version still changes the checks' hash: the
notebooks handed out before it are flagged, and ``coursekit diff`` on the results before
and after the regrade lists what it changed for each learner.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import inspect
import json
import platform
import re
from collections.abc import Mapping
from importlib import metadata, resources
from typing import Any

from coursekit.grading.results import Flag
from coursekit.model.course import (
    ENTRY_POINT_GROUP,
    Course,
    CourseError,
    courses,
    current_course,
    find_course,
    using,
)
from coursekit.model.exercises import Exercise, Lesson, lessons

__all__ = ["checks_hash", "course_version", "figures_hash", "grader_versions",
           "installed_versions", "release_stamp", "version_flags"]


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


@functools.cache
def _judging_code() -> bytes:
    """The source of what judges answers: the judging wing (every judge, the checking, the
    written answers) and the model wing (the rules, mistakes and rubric criteria, and how
    they read numbers, units and wording)."""
    files = [f for wing in ("coursekit.judging", "coursekit.model")
             for f in sorted(resources.files(wing).iterdir(), key=lambda f: f.name)
             if f.name.endswith(".py")]
    return b"\0".join(f.read_bytes().replace(b"\r\n", b"\n") for f in files)


def _source(function: object) -> str:
    """A check function's source and the values it closes over (a criterion's words, its
    number's tolerance, a rule's limits: the same code judges differently with other ones),
    else its qualified name (a builtin has no source)."""
    try:
        text = inspect.getsource(function)  # type: ignore[arg-type]
    except (OSError, TypeError):
        return getattr(function, "__qualname__", repr(type(function)))
    for cell in getattr(function, "__closure__", None) or ():
        with contextlib.suppress(ValueError):  # a cell not yet filled
            text += "\0" + _closed_over(cell.cell_contents)
    return text


def _closed_over(value: object) -> str:
    """A value a check closes over, as text that is the same in every process: functions
    (and the rules or criteria holding them) by their source, not by their address."""
    if inspect.isfunction(value):
        return _source(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return repr([(f.name, _closed_over(getattr(value, f.name)))
                     for f in dataclasses.fields(value)])
    if isinstance(value, list | tuple):
        return repr([_closed_over(item) for item in value])
    if isinstance(value, set | frozenset):  # its order changes with the hash seed
        return repr(sorted(_closed_over(item) for item in value))
    return re.sub(r" at 0x[0-9a-f]+", "", repr(value))


def _value(compute: Any, *args: Any) -> Any:
    """What a declaration's function gives, or the error it raises, as plain text."""
    try:
        return repr(compute(*args))
    except Exception as error:
        return f"error: {type(error).__name__}"


def _judged(exercise: Exercise) -> dict[str, Any]:
    """What judges an exercise's answers, as plain data: the values its declaration gives
    on the course's figures, its tolerance, points, mistakes, rules and rubric."""
    expected = _value(exercise.expected) if exercise.expected else None
    wanted: Any = None
    with contextlib.suppress(Exception):
        wanted = exercise.expected() if exercise.expected else None
    return {
        "id": exercise.id, "kind": exercise.kind, "answer": exercise.answer,
        "points": exercise.points, "tolerance": exercise.tolerance, "unit": exercise.unit,
        "choices": list(exercise.choices), "partial_credit": exercise.partial_credit,
        "expected": expected,
        "mistakes": [(m.wrong if isinstance(m.wrong, str) else _value(m.wrong, wanted),
                      m.message, m.points) for m in exercise.mistakes],
        "rules": [(r.description, _source(r.check),
                   r.requires.description if r.requires else None) for r in exercise.rules],
        "rubric": [(c.description, c.points, c.guide, c.penalty,
                    _source(c.check) if c.check else None) for c in exercise.rubric],
    }


def checks_hash(lesson: Lesson) -> str:
    """A short hash of what judges a lesson's answers: each exercise's declaration (its
    expected value and mistakes' values on the course's figures, tolerance, points,
    choices, the code of its rules and rubric checks) and the judging wing's code."""
    with using(lesson.course):
        judged = [_judged(e) for e in lesson.exercises]
    digest = hashlib.sha256(json.dumps(judged, sort_keys=True, default=str).encode())
    digest.update(_judging_code())
    return digest.hexdigest()[:12]


def release_stamp(lesson_id: str = "") -> dict[str, str]:
    """What ``coursekit release`` writes into a lesson's ``coursekit`` metadata.

    The course is the one that declares the lesson; for an id no course declares (or
    none), the active course, and no checks' hash.
    """
    declared = lessons().get(lesson_id)
    course = find_course(declared.course) if declared else current_course()
    stamp = {"course_version": course_version(course), "figures_hash": figures_hash(course)}
    return {**stamp, "checks_hash": checks_hash(declared)} if declared else stamp


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


def installed_versions() -> dict[str, str]:
    """What this machine runs notebooks with, for a cluster's workers to match the teacher's
    machine: coursekit's version, Python's (major.minor: the tasks travel pickled), and each
    installed course's version and its figures' hash (a course whose figures cannot be read
    has them ``unreadable``)."""
    from coursekit.base.version import __version__

    found = {"coursekit": __version__, "Python": ".".join(platform.python_version_tuple()[:2])}
    for id, course in courses().items():
        found[f"course {id}"] = course_version(course)
        try:
            found[f"figures of {id}"] = figures_hash(course)
        except OSError:
            found[f"figures of {id}"] = "unreadable"
    return found


def version_flags(stamp: Mapping[str, object], graded: dict[str, str]) -> list[Flag]:
    """Flags when a notebook's release stamp names another course version or other figures,
    or other checks than ``graded["checks"]`` (when both say).

    A notebook without a stamp (released before stamps existed) is not flagged, nor one
    whose stamp has no checks' hash for the checks.
    """
    flags: list[Flag] = []
    released = (stamp.get("course_version"), stamp.get("figures_hash"))
    if released != (None, None) and released != (graded["course"], graded["figures"]):
        flags.append({"cell": None, "exercise": None, "reason": "version",
                      "detail": f"released with course {released[0]} and figures "
                                f"{released[1]}, but graded with course {graded['course']} "
                                f"and figures {graded['figures']}: an exercise may have "
                                "changed since this notebook was handed out"})
    checks = stamp.get("checks_hash")
    if checks is not None and "checks" in graded and checks != graded["checks"]:
        flags.append({"cell": None, "exercise": None, "reason": "version",
                      "detail": f"released with checks {checks}, but graded with checks "
                                f"{graded['checks']}: what judges this lesson's answers "
                                "changed since this notebook was handed out ('coursekit "
                                "diff' on the results before and after lists what it "
                                "changed for each learner)"})
    return flags
