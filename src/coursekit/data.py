"""The article's figures and dated events, loaded from the course's ``data/`` folder."""

from __future__ import annotations

import difflib
import functools
import os
from pathlib import Path

import pandas as pd

__all__ = [
    "PRECISIONS",
    "QUALIFIERS",
    "SECTIONS",
    "UNITS",
    "DataError",
    "UnknownFigureError",
    "data_dir",
    "figure",
    "figures",
    "timeline",
]

SECTIONS = ("intro", "spreading_know_how", "small_nuts_big_changes", "illuminating_the_road")
UNITS = (
    "person", "count", "RMB", "kWh", "ha", "m", "h", "percent", "t", "year", "month", "day",
    "time_of_day",
)
QUALIFIERS = ("exact", "more_than", "less_than", "about", "nearly", "up_to")
PRECISIONS = ("day", "month", "year", "half_year")

FIGURE_COLUMNS = ("id", "section", "subject", "measure", "value", "unit", "qualifier", "period",
                  "note")
TIMELINE_COLUMNS = ("date", "precision", "section", "subject", "event")


class DataError(ValueError):
    """A data file is missing or does not follow its documented schema."""


class UnknownFigureError(KeyError):
    """No figure has the id that was asked for."""

    def __str__(self) -> str:
        return str(self.args[0])


def data_dir() -> Path:
    """Return the folder holding ``figures.csv`` and ``timeline.csv``.

    ``COURSEKIT_DATA`` overrides the default, which is the ``data/`` folder of the
    course checkout this package is installed from.
    """
    override = os.environ.get("COURSEKIT_DATA")
    if override:
        return Path(override)
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "data"
        if (candidate / "figures.csv").is_file():
            return candidate
    raise DataError(
        "cannot find the course's data/ folder (with figures.csv) above "
        f"{Path(__file__).parent}; install coursekit from a course checkout with "
        "'pip install -e .' or set COURSEKIT_DATA"
    )


def _read(name: str, columns: tuple[str, ...]) -> pd.DataFrame:
    path = data_dir() / name
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
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
def _figures() -> pd.DataFrame:
    table = _read("figures.csv", FIGURE_COLUMNS)
    where = "figures.csv"
    duplicated = sorted(set(table.loc[table["id"].duplicated(), "id"]))
    if duplicated:
        raise DataError(f"{where}: ids must be unique (repeated: {duplicated})")
    values = pd.to_numeric(table["value"], errors="coerce")
    bad = table.loc[values.isna(), "id"].tolist()
    if bad:
        raise DataError(f"{where}: 'value' must be a plain number (not for ids {bad})")
    table["value"] = values.astype(float)
    for column, allowed in (("section", SECTIONS), ("unit", UNITS), ("qualifier", QUALIFIERS)):
        _categorical(table, column, allowed, where)
    return table.set_index("id")


@functools.cache
def _timeline() -> pd.DataFrame:
    table = _read("timeline.csv", TIMELINE_COLUMNS)
    where = "timeline.csv"
    parsed = pd.to_datetime(table["date"], format="ISO8601", errors="coerce")
    bad = table.loc[parsed.isna(), "date"].tolist()
    if bad:
        raise DataError(f"{where}: 'date' must be an ISO date like 2015-06-30, 2015-11 or 2015 "
                        f"(got {bad})")
    table.insert(1, "start", parsed)
    for column, allowed in (("precision", PRECISIONS), ("section", SECTIONS)):
        _categorical(table, column, allowed, where)
    return table


def figures() -> pd.DataFrame:
    """Return every figure in the article, one row each, indexed by ``id``.

    ``value`` is a float; ``section``, ``unit`` and ``qualifier`` are categoricals.
    The table is a fresh copy, so changing it does not change what later calls return.
    """
    return _figures().copy()


def timeline() -> pd.DataFrame:
    """Return every dated event in the article, with ``start`` as a parsed timestamp.

    ``date`` keeps the text as written in the data (``2015``, ``2015-11``, ``2015-06-30``);
    ``start`` is the first day of that period.
    """
    return _timeline().copy()


def figure(id: str) -> float:
    """Return the value of one figure by its id, e.g. ``figure("company_employees")``.

    >>> figure("company_employees")
    405.0
    """
    table = _figures()
    if id in table.index:
        return float(table.at[id, "value"])
    close = difflib.get_close_matches(str(id), table.index.tolist(), n=3, cutoff=0.5)
    suggestion = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise UnknownFigureError(f"no figure with id {id!r} in figures.csv{suggestion}")
