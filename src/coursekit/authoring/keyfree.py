"""The key-free install of an assessment: a wheel of coursekit and the course, without the key.

``coursekit release --assessment --key-free DIR`` builds it, for a hub's image or a learner's
own machine: the framework as installed, and each course as its key-free view
(:mod:`coursekit.model.public`) with the handouts of the assessed lessons only, its data
copied in. Its version is the installed one with the local label ``+keyfree``; it installs in
place of the full course (``pip install DIR/coursekit-...+keyfree-py3-none-any.whl``). There,
``ex.qN.check()`` says only whether an answer is there and of the right kind, and
``.solution()`` has nothing to show. The teacher's grader and the Gradescope bundle keep the
full course.
"""

from __future__ import annotations

import importlib.metadata
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from coursekit.base.errors import UsageError
from coursekit.model.course import find_course
from coursekit.model.exercises import Lesson, get_lesson
from coursekit.model.public import handout_leaks, write_public

__all__ = ["LOCAL_LABEL", "key_free_wheel"]

#: The local version label of a key-free build (PEP 440).
LOCAL_LABEL = "keyfree"
_DISTRIBUTION = "coursekit"


def _toml(value: object) -> str:
    """A TOML value of text or a list of texts (a JSON string is a TOML basic string)."""
    import json

    if isinstance(value, list):
        return "[" + ", ".join(json.dumps(v) for v in value) + "]"
    return json.dumps(value)


def _pyproject(courses: list[str]) -> str:
    """The build's pyproject.toml: the installed distribution's name, requirements and entry
    points (its courses' only for the courses built), with the key-free version."""
    dist = importlib.metadata.distribution(_DISTRIBUTION)
    requires = [r for r in dist.requires or [] if "extra ==" not in r]
    lines = ["[build-system]", 'requires = ["setuptools>=77"]',
             'build-backend = "setuptools.build_meta"', "", "[project]",
             f"name = {_toml(dist.metadata['Name'])}",
             f"version = {_toml(dist.version.split('+')[0] + '+' + LOCAL_LABEL)}",
             f"description = {_toml('Without the answer key: ' + dist.metadata['Summary'])}",
             f"requires-python = {_toml(dist.metadata['Requires-Python'] or '>=3.10')}",
             f"dependencies = {_toml(requires)}", ""]
    groups: dict[str, list[importlib.metadata.EntryPoint]] = {}
    for entry in dist.entry_points:
        if entry.group != "coursekit.courses" or entry.name in courses:
            groups.setdefault(entry.group, []).append(entry)
    for group, entries in sorted(groups.items()):
        table = "project.scripts" if group == "console_scripts" else \
            f'project.entry-points."{group}"'
        lines += [f"[{table}]", *(f"{e.name} = {_toml(e.value)}" for e in entries), ""]
    lines += ["[tool.setuptools.packages.find]", 'where = ["src"]', "",
              "[tool.setuptools.package-data]", '"*" = ["*.j2", "*.csv", "*.md", "py.typed"]',
              ""]
    return "\n".join(lines)


def key_free_wheel(lesson_ids: list[str], out: Path) -> tuple[Path, list[str]]:
    """Build the key-free wheel for the assessed lessons into ``out``.

    Returns the wheel's path and what of the assessed lessons' key their handouts carry
    (see :func:`coursekit.model.public.handout_leaks`), for the teacher to weigh.
    """
    import coursekit

    assessed: list[Lesson] = [get_lesson(id) for id in lesson_ids]
    courses = sorted({lesson.course for lesson in assessed})
    leaks: list[str] = []
    with tempfile.TemporaryDirectory(prefix="coursekit-keyfree-") as tmp:
        project = Path(tmp)
        src = project / "src"
        shutil.copytree(Path(coursekit.__file__).parent, src / "coursekit",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        for id in courses:
            course = find_course(id)
            mine = [lesson for lesson in assessed if lesson.course == id]
            # no hints: some quote a number that another exercise asks for
            write_public(src, course, mine, copy_data=True, hints=False)
            leaks += [f"{lesson.id}: {leak}" for lesson in mine
                      for leak in handout_leaks(lesson, course, mine)]
        (project / "pyproject.toml").write_text(_pyproject(courses), encoding="utf-8")
        out.mkdir(parents=True, exist_ok=True)
        done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                               "-q", "-w", str(out), str(project)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise UsageError(f"building the key-free wheel failed:\n{done.stderr[-2000:]}")
    version = importlib.metadata.version(_DISTRIBUTION).split("+")[0]
    wheel = out / f"{_DISTRIBUTION}-{version}+{LOCAL_LABEL}-py3-none-any.whl"
    return wheel, leaks
