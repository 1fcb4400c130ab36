"""A course's figures and dated events, loaded from the data folder its package ships.

The tables follow one schema for every course (documented in the course's data README);
the values of ``section`` and ``unit`` come from the course's own vocabularies.

Every function reads the *active* course's tables (see
:func:`coursekit.model.course.current_course`): several courses may be installed side by
side, each with its own tables, each read once per process.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING

import pandas as pd

from coursekit.base.errors import UsageError
from coursekit.model.course import Course, CourseError, activate, courses, current_course

if TYPE_CHECKING:
    from coursekit.model.course import Traversable

__all__ = [
    "PRECISIONS",
    "QUALIFIERS",
    "DataError",
    "UnknownFigureError",
    "data_dir",
    "event_start",
    "figure",
    "figures",
    "load_all",
    "replace_figures",
    "supply",
    "timeline",
]

QUALIFIERS = ("exact", "more_than", "less_than", "about", "nearly", "up_to")
PRECISIONS = ("day", "month", "year", "half_year")

FIGURE_COLUMNS = ("id", "section", "subject", "measure", "value", "unit", "qualifier", "period",
                  "note")
TIMELINE_COLUMNS = ("date", "precision", "section", "subject", "event")


class DataError(UsageError, ValueError):
    """A data file is missing or does not follow its documented schema."""


class UnknownFigureError(UsageError, KeyError):
    """No figure has the id that was asked for."""

    def __str__(self) -> str:
        return str(self.args[0])


def data_dir(course: Course | None = None) -> Traversable:
    """Return the folder holding a course's ``figures.csv`` and ``timeline.csv``.

    The course is ``course``, else the active one. ``COURSEKIT_DATA`` overrides it (see
    :meth:`coursekit.model.course.Course.data_dir`).
    """
    return (course or current_course()).data_dir()


def _read(course: Course, name: str, columns: tuple[str, ...]) -> pd.DataFrame:
    path = data_dir(course) / name
    try:
        with path.open(encoding="utf-8") as stream:
            table = pd.read_csv(stream, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise DataError(f"{path}: file not found") from None
    if tuple(table.columns) != columns:
        raise DataError(f"{path}: columns must be {list(columns)} (got {list(table.columns)})")
    return table


def _categorical(table: pd.DataFrame, column: str, allowed: tuple[str, ...], path: str) -> None:
    unknown = sorted(set(table[column]) - set(allowed))
    if unknown:
        raise DataError(f"{path}: '{column}' must be one of {list(allowed)} (got {unknown})")
    table[column] = pd.Categorical(table[column], categories=allowed)


@functools.cache
def _read_figures(course: Course) -> pd.DataFrame:
    """A course's figures table, read and checked once per process."""
    table = _read(course, "figures.csv", FIGURE_COLUMNS)
    where = "figures.csv"
    duplicated = sorted(set(table.loc[table["id"].duplicated(), "id"]))
    if duplicated:
        raise DataError(f"{where}: ids must be unique (repeated: {duplicated})")
    values = pd.to_numeric(table["value"], errors="coerce")
    bad = table.loc[values.isna(), "id"].tolist()
    if bad:
        raise DataError(f"{where}: 'value' must be a plain number (not for ids {bad})")
    table["value"] = values.astype(float)
    for column, allowed in (("section", course.sections), ("unit", course.units),
                            ("qualifier", QUALIFIERS)):
        _categorical(table, column, allowed, where)
    return table.set_index("id")


@functools.cache
def _read_timeline(course: Course) -> pd.DataFrame:
    """A course's timeline, read and checked once per process."""
    table = _read(course, "timeline.csv", TIMELINE_COLUMNS)
    where = "timeline.csv"
    parsed = pd.to_datetime(table["date"], format="ISO8601", errors="coerce")
    bad = table.loc[parsed.isna(), "date"].tolist()
    if bad:
        raise DataError(f"{where}: 'date' must be an ISO date like 2015-06-30, 2015-11 or 2015 "
                        f"(got {bad})")
    table.insert(1, "start", parsed)
    for column, allowed in (("precision", PRECISIONS), ("section", course.sections)):
        _categorical(table, column, allowed, where)
    return table


#: Figures that stand in for a course's own, by course id (see :func:`replace_figures`).
_replaced: dict[str, pd.DataFrame] = {}


def _figures() -> pd.DataFrame:
    """The active course's figures: its own, or those that replace them."""
    course = current_course()
    replaced = _replaced.get(course.id)
    return _read_figures(course) if replaced is None else replaced


def _timeline() -> pd.DataFrame:
    """The active course's timeline."""
    return _read_timeline(current_course())


def replace_figures(table: pd.DataFrame | None, course: Course | None = None,
                    ) -> pd.DataFrame | None:
    """From now on, give ``table`` as the figures of ``course`` (else of the active course).

    None gives the course's own figures again. Returns the table replaced, or None when
    it was the course's own (so that a caller can put it back). Data-variant grading
    (:mod:`coursekit.grading.variants`) gives perturbed figures this way.
    """
    id = (course or current_course()).id
    before = _replaced.pop(id, None)
    if table is not None:
        _replaced[id] = table
    return before


def supply(course: str, values: Mapping[str, float]) -> None:
    """Make ``course`` active in this process, with ``values`` (by figure id) as its figures.

    The grader starts every run of a submission this way, the run on the article's own
    figures and each data variant alike (see :mod:`coursekit.grading.variants`), so that
    nothing inside a run but the values themselves differs from one run to another.
    """
    activate(course)
    table = _read_figures(current_course()).copy()
    table["value"] = [float(values[id]) for id in table.index]
    replace_figures(table)


def figures() -> pd.DataFrame:
    """Return every figure of the course's article, one row each, indexed by ``id``.

    ``value`` is a float; ``section``, ``unit`` and ``qualifier`` are categoricals.
    The table is a fresh copy, so changing it does not change what later calls return.
    """
    return _figures().copy()


def timeline() -> pd.DataFrame:
    """Return every dated event of the course's article, with ``start`` as a parsed timestamp.

    ``date`` keeps the text as written in the data (``2015``, ``2015-11``, ``2015-06-30``);
    ``start`` is the first day of that period.
    """
    return _timeline().copy()


def load_all() -> None:
    """Read and check every installed course's tables now (a grading server does, before it
    forks). A course whose tables fail is left out: its error comes when they are used."""
    for course in courses().values():
        with contextlib.suppress(CourseError, DataError, OSError):
            _read_figures(course), _read_timeline(course)


def figure(id: str) -> float:
    """Return the value of one figure by its id, e.g. ``figure("company_employees")``.

    >>> figure("company_employees")
    405.0
    """
    values: pd.Series[float] = _figures()["value"]  # a float column (see _read_figures)
    if id in values.index:
        return float(values.loc[id])
    close = difflib.get_close_matches(str(id), values.index.tolist(), n=3, cutoff=0.5)
    suggestion = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise UnknownFigureError(f"no figure with id {id!r} in figures.csv{suggestion}")


def event_start(subject: str, containing: str = "") -> pd.Timestamp:
    """The start date of the one dated event about ``subject`` whose text contains a word.

    Without ``containing`` the subject's first event is taken.
    """
    events = _timeline()
    rows = events[(events["subject"] == subject) & events["event"].str.contains(containing)]
    if (containing and len(rows) != 1) or rows.empty:
        raise DataError(f"timeline.csv: expected one event for {subject!r}"
                        + (f" mentioning {containing!r}" if containing else "")
                        + f", found {len(rows)}")
    start: pd.Timestamp = rows["start"].iloc[0]  # a datetime column (see _read_timeline)
    return start
