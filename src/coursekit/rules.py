"""Requirements for answers that are charts or tables, each with its own explanation.

A chart answer is checked on the matplotlib objects (read out as plain data by
``coursekit._snapshot``): axis limits and scales, labels, the values drawn. A table
answer is checked on its columns, rows and values. Each rule returns ``None`` when
the answer meets it, or a sentence saying what is missing and why it matters.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "Rule",
    "bar_values",
    "column_values",
    "has_columns",
    "label_mentions",
    "mentions",
    "panel_count",
    "row_count",
    "scale",
    "starts_at_zero",
    "values_from",
]

Snapshot = dict[str, Any]


@dataclass(frozen=True)
class Rule:
    """One requirement: ``check`` returns None when it is met, else the problem in a sentence."""

    description: str
    check: Callable[[Snapshot], str | None]


def _panel(snap: Snapshot, panel: int) -> Snapshot | None:
    axes = snap.get("axes", [])
    return axes[panel] if panel < len(axes) else None


def _all_text(snap: Snapshot) -> str:
    parts = list(snap.get("texts", []))
    for ax in snap.get("axes", []):
        parts += [ax["title"], ax["xlabel"], ax["ylabel"], *ax["texts"], *ax["legend"]]
    return " ".join(parts).lower()


def panel_count(n: int) -> Rule:
    """The figure has exactly n panels (axes)."""
    def check(snap: Snapshot) -> str | None:
        found = len(snap.get("axes", []))
        return None if found == n else f"The figure has {found} panel(s); {n} are asked for."
    return Rule(f"{n} panel(s)", check)


def starts_at_zero(axis: str = "y", panel: int = 0) -> Rule:
    """The axis along which bars grow includes 0, so bar lengths are proportional to values."""
    def check(snap: Snapshot) -> str | None:
        ax = _panel(snap, panel)
        if ax is None:
            return f"There is no panel {panel + 1} to check."
        low, high = sorted(v for v in ax[f"{axis}lim"] if isinstance(v, float))
        if low <= 0 <= high:
            return None
        return (f"The {axis} axis runs from {low:g} to {high:g}, without 0. Bars that do not "
                "start at zero make small differences look large.")
    return Rule(f"the {axis} axis starts at zero", check)


def scale(axis: str, expected: str, why: str, panel: int = 0) -> Rule:
    """The axis uses a given scale ('linear' or 'log'); ``why`` says why it matters here."""
    def check(snap: Snapshot) -> str | None:
        ax = _panel(snap, panel)
        found = ax[f"{axis}scale"] if ax else "missing"
        return None if found == expected else (
            f"The {axis} axis is {found}, not {expected}: {why}")
    return Rule(f"a {expected} {axis} axis", check)


def label_mentions(axis: str, words: Sequence[str], what: str, panel: int = 0) -> Rule:
    """The axis label contains one of the words (case-insensitive), e.g. the unit."""
    def check(snap: Snapshot) -> str | None:
        ax = _panel(snap, panel)
        label = ax[f"{axis}label"] if ax else ""
        if any(word.lower() in label.lower() for word in words):
            return None
        return (f"The {axis} axis label {label!r} does not say {what} "
                f"(e.g. {', '.join(map(repr, words))}).")
    return Rule(f"the {axis} axis label gives {what}", check)


def mentions(words: Sequence[str], what: str) -> Rule:
    """Some text on the chart (title, labels, notes, legend) contains one of the words."""
    def check(snap: Snapshot) -> str | None:
        text = _all_text(snap)
        if any(word.lower() in text for word in words):
            return None
        return f"Nothing on the chart names {what} (add it to the title or a note)."
    return Rule(f"the chart names {what}", check)


def bar_values(expected: Callable[[], Sequence[float]], tolerance: float, what: str,
               panel: int = 0, horizontal: bool = False) -> Rule:
    """The bars' lengths are the expected values, in any order, within ``tolerance``."""
    def check(snap: Snapshot) -> str | None:
        ax = _panel(snap, panel)
        index = 2 if horizontal else 3  # width for horizontal bars, else height
        drawn = sorted(bar[index] for bar in (ax["bars"] if ax else [])
                       if isinstance(bar[index], float) and bar[index] != 0)
        wanted = sorted(expected())
        if len(drawn) != len(wanted):
            return f"The chart draws {len(drawn)} bars; {len(wanted)} are asked for ({what})."
        if all(math.isclose(a, b, abs_tol=tolerance) for a, b in zip(drawn, wanted, strict=True)):
            return None
        return f"The bars do not show {what}: check which values you plotted and their unit."
    return Rule(f"the bars show {what}", check)


def has_columns(*names: str) -> Rule:
    """The table has (at least) these columns."""
    def check(snap: Snapshot) -> str | None:
        missing = [n for n in names if n not in snap.get("columns", [])]
        return None if not missing else (
            f"The table lacks the column(s) {missing}; it has {snap.get('columns', [])}.")
    return Rule(f"columns {list(names)}", check)


def row_count(expected: Callable[[], int], what: str) -> Rule:
    """The table has the expected number of rows."""
    def check(snap: Snapshot) -> str | None:
        rows, wanted = snap["shape"][0], expected()
        return None if rows == wanted else (
            f"The table has {rows} rows; {wanted} are asked for ({what}).")
    return Rule(f"{what}", check)


def _column(snap: Snapshot, name: str) -> list[Any] | None:
    columns = snap.get("columns", [])
    if name not in columns:
        return None
    position = columns.index(name)
    return [row[position] for row in snap["rows"]]


def values_from(column: str, allowed: Sequence[str]) -> Rule:
    """Every value in the column is one of the allowed words."""
    def check(snap: Snapshot) -> str | None:
        values = _column(snap, column)
        if values is None:
            return f"The table has no column {column!r}."
        wrong = sorted({str(v) for v in values if str(v).strip().lower() not in allowed})
        return None if not wrong else (
            f"Column {column!r} must use only {list(allowed)} (found {wrong}).")
    return Rule(f"{column!r} uses the fixed vocabulary", check)


def column_values(key: str, column: str, expected: Callable[[], Mapping[str, Any]],
                  tolerance: float = 0.0) -> Rule:
    """For each key (a row's value in column ``key``), ``column`` holds the expected value."""
    def check(snap: Snapshot) -> str | None:
        keys, values = _column(snap, key), _column(snap, column)
        if keys is None or values is None:
            return f"The table needs the columns {key!r} and {column!r}."
        found = dict(zip(map(str, keys), values, strict=True))
        problems = []
        for name, wanted in expected().items():
            got = found.get(name)
            if got is None:
                problems.append(f"no row for {name!r}")
            elif isinstance(wanted, str):
                if str(got).strip().lower() != wanted:
                    problems.append(f"{column} for {name!r} ({got!r}) is not right")
            elif not (isinstance(got, float) and abs(got - wanted) <= tolerance):
                problems.append(f"{column} for {name!r} ({got!r}) is not right")
        return None if not problems else "Look again: " + "; ".join(problems) + "."
    return Rule(f"the {column} of each {key}", check)
