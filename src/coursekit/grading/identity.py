"""Who a submission is from: one documented rule, and an optional roster of the class.

The rule reads a submission's path from the **top of the download**: the folder the
teacher graded (``coursekit grade FOLDER``), or, when that is not known (re-exporting a
results file), the deepest folder that holds every submission of the batch. Only the
names at the top level are ones the LMS or the teacher made; everything below is named
by the learner, so a name inside a learner's own folder never says who they are. Tried
in this order:

1. **Moodle bulk download**: a folder at the top level (or above the top, when the
   teacher graded one learner's folder) named ``{Full Name}_{participant id}_
   assignsubmission_{plugin}_`` (``Zoë Brown_1234567_assignsubmission_file_/02_percentages.ipynb``),
   or, downloaded without folders, a file at the top level whose name starts so. The
   raw id is the full name (Moodle's participant id changes from one assignment to the
   next); the participant id is a second key. A top-level file name that holds that
   pattern twice is not trusted (the learner's own file name follows Moodle's).
2. **Canvas bulk download**: a file at the top level named ``{name}_{user id}_
   {attachment id}_{file}``, with ``late`` after the name when Canvas recorded the
   submission as late (``brownzoë_late_4021_99001_02_percentages.ipynb``). The raw id
   is the Canvas user id (``4021``, the ``ID`` column of Canvas's gradebook); the name is
   a second key.
3. Otherwise, a notebook in a folder at the top level belongs to that folder
   (``alice/02_percentages.ipynb`` and ``alice/drafts/draft.ipynb`` are ``alice``); a
   notebook at the top level to its file name without the extension (``alice.ipynb``
   is ``alice``), unless it is named after a lesson, when it belongs to the top folder
   itself (grading ``class/bob/`` alone, ``02_percentages.ipynb`` is ``bob``).

So ``Mallory Jones_5678_assignsubmission_file_/Alice Smith_1234_assignsubmission_file_x.ipynb``
is Mallory's, and so is ``mallory/alice.ipynb``. Each submission also has a *source*:
the top-level entry (or LMS identity) that named its learner. Two sources that name one
learner for one lesson are a dispute that the exporters report, never settle.

A roster (a CSV file with a ``learner`` column and, optionally, ``name``, ``email``,
``id``, ``sis_user_id``, ``sis_login_id`` and ``section`` columns; or a gradebook
exported from Canvas as it is) then maps the raw id, or failing that the second key, to
the roster's ``learner``, matching any of those columns, case and surrounding spaces
ignored. A learner the roster does not know keeps the raw id and is listed by
:meth:`Roster.unmatched`, never dropped. A gradebook exported from Canvas also gives
each assignment's id (its columns are headed ``Percentages and shares (81234)``), kept in
:attr:`Roster.assignments`. The submission's path itself is kept as it is in the results.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from coursekit.base.errors import UsageError
from coursekit.grading.csvfiles import read_rows

__all__ = ["Roster", "RosterError", "Submitter", "download_top", "learner_id", "raw_learner_id",
           "roster_key", "submitter", "top_of"]

#: The roster columns a raw id is matched against, besides ``learner`` itself.
MATCHED_COLUMNS = ("name", "email", "id", "sis_user_id", "sis_login_id")

#: A gradebook exported from Canvas, read as a roster: its columns and the roster's names.
CANVAS_ROSTER_COLUMNS = {"Student": "name", "ID": "id", "SIS User ID": "sis_user_id",
                         "SIS Login ID": "sis_login_id", "Section": "section"}

_CANVAS = re.compile(r"^(?P<name>[^_]+?)(?P<late>_late)?_(?P<user>\d+)_(?P<sub>\d+)_(?P<file>.+)$",
                     re.IGNORECASE)
#: Moodle's mark after the full name, in a folder name (at the end) or a file name.
_MOODLE_MARK = r"_(?P<participant>\d+)_assignsubmission_[a-z]+_"
_MOODLE_FOLDER = re.compile(rf"^(?P<name>.+){_MOODLE_MARK}$")
_MOODLE_FILE = re.compile(rf"^(?P<name>.+?){_MOODLE_MARK}(?P<file>.+)$")
#: A Canvas gradebook column for an assignment: its title, then its id in brackets.
_CANVAS_ASSIGNMENT = re.compile(r"^(?P<title>.*)\s\((?P<id>\d+)\)$")


class RosterError(UsageError, ValueError):
    """A roster file cannot be read; the message names the file and the problem."""


@dataclass(frozen=True)
class Submitter:
    """What a submission's path says about who sent it, and how."""

    #: The raw learner id (see the rule above).
    raw: str
    #: Other keys a roster may know the learner by (a name, an LMS's own id).
    keys: tuple[str, ...] = ()
    #: ``canvas`` or ``moodle`` for a file from that LMS's bulk download, else None.
    platform: str | None = None
    #: The name the LMS gives the learner, when the path carries one.
    name: str | None = None
    #: True when the LMS marked the submission late in the file name (Canvas).
    late: bool = False
    #: What named the learner: the top-level entry, or the LMS's own id for it.
    source: str = ""


def _moodle(part: str, folder: bool) -> Submitter | None:
    """The learner a Moodle-made folder or top-level file name gives, if it is one."""
    if folder:
        found = _MOODLE_FOLDER.match(part)
    elif len(re.findall(_MOODLE_MARK, part)) == 1:
        found = _MOODLE_FILE.match(part)
    else:  # no mark, or a learner's file name that copies Moodle's after Moodle's own
        return None
    if not found:
        return None
    return Submitter(found["name"], (found["participant"],), "moodle", found["name"],
                     source=f"moodle:{found['name']}_{found['participant']}")


def _canvas(part: str) -> Submitter | None:
    """The learner a Canvas-made top-level file name gives, if it is one."""
    found = _CANVAS.match(part)
    if not found:
        return None
    return Submitter(found["user"], (found["name"],), "canvas", found["name"],
                     bool(found["late"]), source=f"canvas:{found['user']}")


def download_top(paths: Iterable[str | PurePath]) -> str | None:
    """The deepest folder that holds every one of ``paths`` (None for no paths, or a mix
    of absolute and relative paths)."""
    folders = [str(PurePath(path).parent) for path in paths]
    try:
        return os.path.commonpath(folders) if folders else None
    except ValueError:
        return None


def top_of(path: str | PurePath, roots: Iterable[str | PurePath],
           common: str | None) -> str | None:
    """The top of the download ``path`` came in: the deepest of ``roots`` (the files and
    folders the teacher graded) that holds it, a root that is the file itself giving its
    folder; ``common`` (see :func:`download_top`) when no root holds it."""
    path = PurePath(path)
    tops = [PurePath(root) for root in roots]
    holding = [top for top in tops if top in path.parents] or [
        top.parent for top in tops if top == path]
    return str(max(holding, key=lambda top: len(top.parts))) if holding else common


def submitter(path: str | PurePath, lesson_ids: Collection[str] = (),
              top: str | PurePath | None = None) -> Submitter:
    """Who a submission's path names, by the rule in this module's docstring.

    ``top`` is the top of the download; by default the submission's own folder (the
    path is then read as a file at the top level).
    """
    path = PurePath(path)
    top = path.parent if top is None else PurePath(top)
    try:
        inside = path.relative_to(top).parts
    except ValueError:  # not under the top given: read it as a file at the top level
        top, inside = path.parent, (path.name,)
    for part in top.parts:  # the teacher graded inside a Moodle folder
        found = _moodle(part, folder=True)
        if found:
            return found
    first, in_folder = inside[0], len(inside) > 1
    found = _moodle(first, in_folder) or (None if in_folder else _canvas(first))
    if found:
        return found
    if in_folder:
        return Submitter(first, source=first)
    if path.stem in lesson_ids and top.name:
        return Submitter(top.name, source=top.name)
    return Submitter(path.stem, source=first)


def raw_learner_id(path: str | PurePath, lesson_ids: Collection[str] = (),
                   top: str | PurePath | None = None) -> str:
    """The learner a submission's path names, by the rule in this module's docstring."""
    return submitter(path, lesson_ids, top).raw


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass
class Roster:
    """The class list: each learner's id, and the names, emails and ids that point to it."""

    learners: list[dict[str, str]]
    #: Canvas's assignment ids by assignment title, from a gradebook exported from Canvas.
    assignments: dict[str, str] = field(default_factory=dict)
    _index: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for row in self.learners:
            for column in ("learner", *MATCHED_COLUMNS):
                if row.get(column):
                    self._index.setdefault(_key(row[column]), row["learner"])

    @classmethod
    def from_csv(cls, path: Path) -> Roster:
        """Read a roster CSV (UTF-8, with or without a byte-order mark)."""
        rows = read_rows(path, RosterError)
        assignments = {}
        if rows and "learner" not in rows[0] and {"Student", "ID"} <= set(rows[0]):
            assignments = {found["title"]: found["id"] for header in rows[0]
                           if (found := _CANVAS_ASSIGNMENT.match(header or ""))}
            rows = _from_canvas_gradebook(rows)
        if not rows or "learner" not in rows[0]:
            raise RosterError(f"{path}: a roster needs a header row with a 'learner' column, "
                              "or must be a gradebook exported from Canvas "
                              f"(found {list(rows[0]) if rows else 'no rows'})")
        return cls([{k: (v or "").strip() for k, v in row.items() if k} for row in rows],
                   assignments)

    def row(self, learner: str) -> dict[str, str]:
        """The roster's row for one of its learners (empty for a learner it does not know)."""
        return next((row for row in self.learners if row["learner"] == learner), {})

    def match(self, raw: str) -> str | None:
        """The roster's learner for a raw id, or None if no row names it."""
        return self._index.get(_key(raw))

    def unmatched(self, raw_ids: Iterable[str]) -> list[str]:
        """The raw ids (in order) that no roster row names."""
        return [raw for raw in raw_ids if self._index.get(_key(raw)) is None]

    def missing(self, raw_ids: Iterable[str]) -> list[str]:
        """The roster's learners that none of the raw ids names (no submission)."""
        named = {self._index.get(_key(raw)) for raw in raw_ids}
        return [row["learner"] for row in self.learners if row["learner"] not in named]


def _from_canvas_gradebook(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The learners of a gradebook exported from Canvas, as roster rows."""
    learners = []
    for row in rows:
        student = (row.get("Student") or "").strip()
        if not student or student.casefold() == "points possible" or not row.get("ID"):
            continue
        learners.append({"learner": student, **{ours: row.get(theirs) or ""
                                                for theirs, ours in CANVAS_ROSTER_COLUMNS.items()}})
    return learners


def roster_key(path: str | PurePath, lesson_ids: Collection[str] = (),
               roster: Roster | None = None, top: str | PurePath | None = None) -> str:
    """The key a roster knows a submission by: the raw id, or a second key it matches."""
    found = submitter(path, lesson_ids, top)
    if roster:
        for key in (found.raw, *found.keys):
            if roster.match(key):
                return key
    return found.raw


def learner_id(path: str | PurePath, lesson_ids: Collection[str] = (),
               roster: Roster | None = None, top: str | PurePath | None = None) -> str:
    """Who a submission is from: the roster's learner if it knows the raw id, else the raw id."""
    key = roster_key(path, lesson_ids, roster, top)
    return (roster.match(key) if roster else None) or key
