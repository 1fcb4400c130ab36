"""Who a submission is from: one documented rule, and an optional roster of the class.

The rule: a notebook named after a lesson (``alice/02_percentages.ipynb``) belongs to
the folder it is in (``alice``); any other notebook to its file name without the
extension (``alice.ipynb`` is ``alice``). A roster (a CSV file with a ``learner``
column and, optionally, ``name``, ``email`` and ``id`` columns) then maps that raw id to
the roster's ``learner``, matching any of those columns, case and surrounding spaces
ignored. A learner the roster does not know keeps the raw id and is listed by
:meth:`Roster.unmatched`, never dropped.
"""

from __future__ import annotations

import csv
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePath

__all__ = ["Roster", "RosterError", "learner_id", "raw_learner_id"]

#: The roster columns a raw id is matched against, besides ``learner`` itself.
MATCHED_COLUMNS = ("name", "email", "id")


class RosterError(ValueError):
    """A roster file cannot be read; the message names the file and the problem."""


def raw_learner_id(path: str | PurePath, lesson_ids: Collection[str] = ()) -> str:
    """The learner a submission's path names, by the rule in this module's docstring."""
    path = PurePath(path)
    if path.stem in lesson_ids and path.parent.name:
        return path.parent.name
    return path.stem


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
        try:
            with open(path, newline="", encoding="utf-8-sig") as stream:
                rows = list(csv.DictReader(stream))
        except OSError as error:
            raise RosterError(f"{path}: {error.strerror}") from None
        except (UnicodeDecodeError, csv.Error) as error:
            raise RosterError(f"{path}: not a UTF-8 CSV file ({error})") from None
        if not rows or "learner" not in rows[0]:
            raise RosterError(f"{path}: a roster needs a header row with a 'learner' column "
                              f"(found {list(rows[0]) if rows else 'no rows'})")
        return cls([{k: (v or "").strip() for k, v in row.items() if k} for row in rows])

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


def learner_id(path: str | PurePath, lesson_ids: Collection[str] = (),
               roster: Roster | None = None) -> str:
    """Who a submission is from: the roster's learner if it knows the raw id, else the raw id."""
    raw = raw_learner_id(path, lesson_ids)
    return (roster.match(raw) if roster else None) or raw
