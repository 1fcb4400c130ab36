"""Who a submission is from: one documented rule, and an optional roster of the class.

The rule, tried in this order on a submission's path:

1. **Canvas bulk download**: a file named ``{name}_{user id}_{submission id}_{file}``,
   with ``late`` after the name when Canvas recorded the submission as late
   (``brownzoë_late_4021_99001_02_percentages.ipynb``). The raw id is the Canvas user
   id (``4021``, the ``ID`` column of Canvas's gradebook); the name is a second key.
2. **Moodle bulk download**: a folder (or, when downloaded without folders, a file
   name prefix) ``{Full Name}_{participant id}_assignsubmission_{plugin}_``
   (``Zoë Brown_1234567_assignsubmission_file_/02_percentages.ipynb``). The raw id is the
   full name (Moodle's participant id changes from one assignment to the next); the
   participant id is a second key.
3. Otherwise, a notebook named after a lesson (``alice/02_percentages.ipynb``) belongs
   to the folder it is in (``alice``); any other notebook to its file name without the
   extension (``alice.ipynb`` is ``alice``).

A roster (a CSV file with a ``learner`` column and, optionally, ``name``, ``email``,
``id``, ``sis_user_id``, ``sis_login_id`` and ``section`` columns; or a gradebook
exported from Canvas as it is) then maps the raw id, or failing that the second key, to
the roster's ``learner``, matching any of those columns, case and surrounding spaces
ignored. A learner the roster does not know keeps the raw id and is listed by
:meth:`Roster.unmatched`, never dropped. The submission's path itself is kept as it is
in the results.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from coursekit.base.errors import UsageError
from coursekit.grading.csvfiles import read_rows

__all__ = ["Roster", "RosterError", "Submitter", "learner_id", "raw_learner_id", "roster_key",
           "submitter"]

#: The roster columns a raw id is matched against, besides ``learner`` itself.
MATCHED_COLUMNS = ("name", "email", "id", "sis_user_id", "sis_login_id")

#: A gradebook exported from Canvas, read as a roster: its columns and the roster's names.
CANVAS_ROSTER_COLUMNS = {"Student": "name", "ID": "id", "SIS User ID": "sis_user_id",
                         "SIS Login ID": "sis_login_id", "Section": "section"}

_CANVAS = re.compile(r"^(?P<name>[^_]+?)(?P<late>_late)?_(?P<user>\d+)_(?P<sub>\d+)_(?P<file>.+)$",
                     re.IGNORECASE)
_MOODLE = re.compile(r"^(?P<name>.+?)_(?P<participant>\d+)_assignsubmission_[a-z]+_(?P<file>.*)$")


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


def submitter(path: str | PurePath, lesson_ids: Collection[str] = ()) -> Submitter:
    """Who a submission's path names, by the rule in this module's docstring."""
    path = PurePath(path)
    canvas = _CANVAS.match(path.name)
    if canvas:
        return Submitter(canvas["user"], (canvas["name"],), "canvas", canvas["name"],
                         bool(canvas["late"]))
    for part in (path.name, path.parent.name):
        moodle = _MOODLE.match(part)
        if moodle:
            return Submitter(moodle["name"], (moodle["participant"],), "moodle", moodle["name"])
    if path.stem in lesson_ids and path.parent.name:
        return Submitter(path.parent.name)
    return Submitter(path.stem)


def raw_learner_id(path: str | PurePath, lesson_ids: Collection[str] = ()) -> str:
    """The learner a submission's path names, by the rule in this module's docstring."""
    return submitter(path, lesson_ids).raw


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass
class Roster:
    """The class list: each learner's id, and the names, emails and ids that point to it."""

    learners: list[dict[str, str]]
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
        if rows and "learner" not in rows[0] and {"Student", "ID"} <= set(rows[0]):
            rows = _from_canvas_gradebook(rows)
        if not rows or "learner" not in rows[0]:
            raise RosterError(f"{path}: a roster needs a header row with a 'learner' column, "
                              "or must be a gradebook exported from Canvas "
                              f"(found {list(rows[0]) if rows else 'no rows'})")
        return cls([{k: (v or "").strip() for k, v in row.items() if k} for row in rows])

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
               roster: Roster | None = None) -> str:
    """The key a roster knows a submission by: the raw id, or a second key it matches."""
    found = submitter(path, lesson_ids)
    if roster:
        for key in (found.raw, *found.keys):
            if roster.match(key):
                return key
    return found.raw


def learner_id(path: str | PurePath, lesson_ids: Collection[str] = (),
               roster: Roster | None = None) -> str:
    """Who a submission is from: the roster's learner if it knows the raw id, else the raw id."""
    key = roster_key(path, lesson_ids, roster)
    return (roster.match(key) if roster else None) or key
