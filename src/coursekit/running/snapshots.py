"""The answer snapshot: the plain JSON data a learner's answer is turned into before it is judged.

The grader runs ``coursekit.running.readout`` inside the learner's kernel and gets back, for
each answer variable, one of the shapes below (``type`` says which). Rules and judges
read only these shapes, so they never touch a learner's live objects. A non-finite
number travels as its ``repr`` (``'nan'``, ``'inf'``), hence ``Number``. Read charts and
tables through the accessors of :mod:`coursekit.model.rules` (``panels``, ``bars``, ``lines``,
``column``) rather than by key.
"""

from __future__ import annotations

from typing import Literal, TypedDict

__all__ = [
    "ArraySnapshot",
    "Bar",
    "Cell",
    "ChartSnapshot",
    "EmptySnapshot",
    "Line",
    "Number",
    "OtherSnapshot",
    "Panel",
    "Snapshot",
    "TableSnapshot",
    "TextSnapshot",
    "Tick",
    "ValueSnapshot",
]

#: A number, or the repr of a non-finite one ('nan', 'inf', '-inf').
Number = float | str
#: One value of a table or a line: a number, a text, a truth value or nothing.
Cell = float | str | bool | None


class Tick(TypedDict):
    """A labelled tick of an axis: where it sits, in data coordinates, and its text."""

    position: Number
    label: str


class Bar(TypedDict):
    """One drawn bar: its rectangle in data coordinates and which way it grows (None for bars
    grouped by hand rather than drawn by ``bar`` or ``barh``)."""

    x: Number
    y: Number
    width: Number
    height: Number
    orientation: Literal["vertical", "horizontal"] | None


class Line(TypedDict):
    """One line's points, x and y in drawing order."""

    x: list[Cell]
    y: list[Cell]


class Panel(TypedDict):
    """One matplotlib Axes: its labels, limits, scales and what is drawn on it."""

    title: str
    xlabel: str
    ylabel: str
    xlim: list[Number]
    ylim: list[Number]
    xscale: str
    yscale: str
    bars: list[Bar]
    lines: list[Line]
    points: int
    texts: list[str]
    xticks: list[Tick]
    yticks: list[Tick]
    legend: list[str]


class ChartSnapshot(TypedDict):
    """A figure or Axes: its panels and the texts on the figure itself (notes, suptitle)."""

    type: Literal["chart"]
    axes: list[Panel]
    texts: list[str]


class TableSnapshot(TypedDict):
    """A pandas DataFrame or Series (as one column): shape, column names, index and rows."""

    type: Literal["dataframe", "series"]
    shape: list[int]
    columns: list[str]
    index: list[Cell]
    rows: list[list[Cell]]


class ValueSnapshot(TypedDict):
    """A number or a truth value."""

    type: Literal["number", "bool"]
    value: Number | bool


class TextSnapshot(TypedDict):
    """A string (cut to its first 500 characters)."""

    type: Literal["text"]
    value: str


class ArraySnapshot(TypedDict):
    """A numpy array, described by its shape only."""

    type: Literal["array"]
    shape: list[int]


class EmptySnapshot(TypedDict):
    """No answer: still ``...``, ``None``, or no such variable."""

    type: Literal["ellipsis", "none", "missing"]


#: Anything else (or a value that could not be read): its class name and repr.
OtherSnapshot = TypedDict("OtherSnapshot",
                          {"type": Literal["other"], "class": str, "repr": str})

#: What one answer variable becomes.
Snapshot = (ChartSnapshot | TableSnapshot | ValueSnapshot | TextSnapshot | ArraySnapshot
            | EmptySnapshot | OtherSnapshot)
