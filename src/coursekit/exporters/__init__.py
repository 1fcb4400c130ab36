"""Every output of a graded batch is an exporter: JSON, table, gradebook, feedback, report.

An exporter is an :class:`Exporter`: a name, a line of help, what its target is (a
file, a folder, or a file that defaults to standard output) and a function that writes
a :class:`Batch`. Exporters are found through the ``coursekit.exporters`` entry-point
group, so a course or a school adds its own in its package's ``pyproject.toml``::

    [project.entry-points."coursekit.exporters"]
    mylms = "myschool.export:MYLMS"

and uses it as ``coursekit grade submissions/ --export mylms:grades.csv``.

This wing may import :mod:`coursekit.grading` and the wings below it; a platform or the
command line calls it.
"""

from __future__ import annotations

import difflib
import functools
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from coursekit.base.errors import UsageError
from coursekit.base.plugins import load_group, load_one, names
from coursekit.grading.identity import (
    Roster,
    Submitter,
    download_top,
    learner_id,
    submitter,
    top_of,
)
from coursekit.grading.results import Copy, SubmissionGrade

__all__ = ["ENTRY_POINT_GROUP", "Batch", "ExportError", "Exporter", "exporters", "get_exporter",
           "parse_export", "run_export", "text_exporter"]

#: The entry-point group exporters register in.
ENTRY_POINT_GROUP = "coursekit.exporters"


class ExportError(UsageError, ValueError):
    """An export cannot be done as asked; the message says which and why."""


@dataclass(frozen=True)
class Batch:
    """A graded batch and what exporters need to present it: who each submission is from."""

    grades: Sequence[SubmissionGrade]
    roster: Roster | None = None
    lesson_ids: frozenset[str] = field(default_factory=frozenset)
    #: How the batch was graded (engine, sandbox, ...), for exporters that state it.
    context: dict[str, str] = field(default_factory=dict)
    #: The files and folders the teacher graded: each is the top of a download (see
    #: :mod:`coursekit.grading.identity`). Without them, the deepest folder holding every
    #: submission is the top.
    roots: tuple[str, ...] = ()
    #: The pairs that look copied (see :mod:`coursekit.grading.copies`); None when the copy
    #: check did not run.
    copies: list[Copy] | None = None

    @functools.cached_property
    def _common_top(self) -> str | None:
        return download_top(grade.path for grade in self.grades)

    def top(self, grade: SubmissionGrade) -> str | None:
        """The top of the download a submission came in (a file given alone: its folder)."""
        return top_of(grade.path, self.roots, self._common_top)

    def submitter(self, grade: SubmissionGrade) -> Submitter:
        """What a submission's path says about its learner, read from the top of its download."""
        return submitter(grade.path, self.lesson_ids | {grade.lesson}, self.top(grade))

    def learner(self, grade: SubmissionGrade) -> str:
        """Who a submission is from (see :mod:`coursekit.grading.identity`)."""
        return learner_id(grade.path, self.lesson_ids | {grade.lesson}, self.roster,
                          self.top(grade))

    def section(self, grade: SubmissionGrade) -> str:
        """The roster's section of a submission's learner ('' without a roster, or for a
        learner the roster does not know or gives no section)."""
        return self.roster.row(self.learner(grade)).get("section", "") if self.roster else ""

    @functools.cached_property
    def disputes(self) -> dict[tuple[str, str], list[SubmissionGrade]]:
        """Submissions of one lesson that different sources (download entries) name as one
        learner's, by (learner, lesson): none of them can be credited without the teacher."""
        claims: dict[tuple[str, str], dict[str, list[SubmissionGrade]]] = {}
        for grade in self.grades:
            key = (self.learner(grade), grade.lesson)
            claims.setdefault(key, {}).setdefault(self.submitter(grade).source, []).append(grade)
        return {key: [grade for grades in sources.values() for grade in grades]
                for key, sources in claims.items() if len(sources) > 1}


@dataclass(frozen=True)
class Exporter:
    """One output of a graded batch."""

    name: str
    help: str
    #: Writes the batch; what it returns is not used.
    write: Callable[[Batch, Path | None], object]
    #: ``file``: needs a file path; ``folder``: needs a folder; ``stream``: a file, or standard
    #: output when no path is given.
    target: Literal["file", "folder", "stream"] = "file"


def text_exporter(name: str, help: str,
                  render: Callable[[Sequence[SubmissionGrade]], str]) -> Exporter:
    """An exporter that writes ``render(grades)`` to a file, or to standard output."""
    def write(batch: Batch, path: Path | None) -> None:
        text = render(batch.grades)
        if path is None:
            sys.stdout.write(text)
        else:
            path.write_text(text, encoding="utf-8")
    return Exporter(name, help, write, target="stream")


@functools.cache
def exporters() -> dict[str, Exporter]:
    """Every installed exporter, by name."""
    return dict(sorted(load_group(ENTRY_POINT_GROUP, Exporter, ExportError)))


@functools.cache
def get_exporter(name: str) -> Exporter:
    """The exporter with this name (loading no other), or an error naming the installed ones."""
    found = load_one(ENTRY_POINT_GROUP, name, Exporter, ExportError)
    if found is not None:
        return found
    known = names(ENTRY_POINT_GROUP)
    close = difflib.get_close_matches(name, known, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise ExportError(f"no exporter {name!r} (installed: {', '.join(known)}){hint}")


def parse_export(spec: str) -> tuple[Exporter, Path | None]:
    """Read ``NAME[:PATH]`` as given to ``--export``, and check the target fits the exporter."""
    name, _, path = spec.partition(":")
    exporter = get_exporter(name)
    if not path and exporter.target != "stream":
        raise ExportError(f"--export {name} needs a {exporter.target}: --export {name}:PATH")
    return exporter, Path(path) if path else None


def run_export(exporter: Exporter, batch: Batch, path: Path | None) -> str:
    """Write one output; a stream exporter without a path writes to standard output.

    Returns what was written where, in words for the teacher ("feedback: 3 files in fb")."""
    if path is not None and exporter.target != "folder":
        path.parent.mkdir(parents=True, exist_ok=True)
    written = exporter.write(batch, path)
    if path is None:
        sys.stdout.flush()
        return f"{exporter.name}: written to standard output"
    if exporter.target == "folder" and isinstance(written, list):
        return f"{exporter.name}: {len(written)} file(s) in {path}"
    return f"{exporter.name}: {path}"
