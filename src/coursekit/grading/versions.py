"""Which course, figures and grader a notebook was released and graded with.

``coursekit release`` stamps each lesson's metadata with the course's version and a
hash of its figures (``figures.csv`` and ``timeline.csv``); the grader records its own
version and the figures it graded with, and flags a submission released from others.
"""

from __future__ import annotations

import functools
import hashlib
from importlib import metadata

from coursekit.model.course import ENTRY_POINT_GROUP, current_course

__all__ = ["course_version", "figures_hash", "grader_versions", "release_stamp",
           "version_flags"]


def course_version() -> str:
    """The version of the installed distribution that ships the current course.

    That is the distribution whose ``coursekit.courses`` entry point names the course's
    package (found without scanning every installed distribution's file list).
    """
    package = current_course().package.partition(".")[0]
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


def figures_hash() -> str:
    """A short hash of the course's data tables (line endings ignored)."""
    from coursekit.model.data import data_dir

    folder = data_dir()
    return _hash((folder / "figures.csv").read_bytes(), (folder / "timeline.csv").read_bytes())


def release_stamp() -> dict[str, str]:
    """What ``coursekit release`` writes into a lesson's ``coursekit`` metadata."""
    return {"course_version": course_version(), "figures_hash": figures_hash()}


def grader_versions() -> dict[str, str]:
    """What the results record: the grader's version, the course's and the figures' hash."""
    from coursekit.base.version import __version__

    return {"grader": __version__, "course": course_version(), "figures": figures_hash()}


def version_flags(stamp: dict, graded: dict[str, str]) -> list[dict]:
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
