"""Requirements for answers that are charts or tables, each with its own explanation.

A chart answer is checked on what a reader of it sees, read out of the matplotlib
objects as plain data (the shapes of :mod:`coursekit.running.snapshots`): which bar stands
above which label, where the axes start and end, their scales, labels and notes. A
table answer is checked on its columns, rows and values. Each rule returns ``None``
when the answer meets it, or a sentence saying what is missing and why it matters.

The accessors (``panels``, ``panel``, ``bars``, ``lines``, ``column``) are the public
way to read a snapshot in a course's own rules.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from coursekit.running.snapshots import Cell, Number, Panel, Snapshot, TableSnapshot, Tick

__all__ = [
    "Axis",
    "Rule",
    "after",
    "axis_top",
    "bar_values",
    "bars",
    "bars_in_view",
    "column",
    "column_values",
    "filled_in",
    "has_columns",
    "label_mentions",
    "lines",
    "lists_each_once",
    "mentions",
    "panel",
    "panel_count",
    "panels",
    "row_count",
    "runs_upwards",
    "scale",
    "source_note",
    "starts_at_zero",
    "values_from",
    "vertical_bars",
]


#: A chart's axis, as rules name it.
Axis = Literal["x", "y"]


@dataclass(frozen=True)
class Rule:
    """One requirement: ``check`` returns None when it is met, else the problem in a sentence."""

    description: str
    check: Callable[[Snapshot], str | None]
    #: A rule that must be met before this one is judged (see :func:`after`); while it is
    #: not, this rule is silent but not met.
    requires: Rule | None = None

    def met(self, snap: Snapshot) -> bool:
        """Whether the answer meets this rule and the rule it requires."""
        return self.check(snap) is None and (self.requires is None or self.requires.met(snap))


# -- reading a snapshot ---------------------------------------------------------------------

def panels(snap: Snapshot) -> list[Panel]:
    """The panels (matplotlib Axes) of a chart snapshot; none for any other answer."""
    return list(snap["axes"]) if snap["type"] == "chart" else []


def panel(snap: Snapshot, index: int = 0) -> Panel | None:
    """One panel of a chart snapshot, counted from 0, or None if the chart has fewer."""
    found = panels(snap)
    return found[index] if 0 <= index < len(found) else None


def _finite(value: object) -> float | None:
    """A snapshot number as a float, or None for a non-finite one (which travels as text)."""
    return value if isinstance(value, float) and math.isfinite(value) else None


def _label_at(ticks: Sequence[Tick], start: float, length: float) -> str:
    """The label of the tick that sits under a bar spanning start to start + length."""
    low, high = sorted((start, start + length))
    under = [(abs(position - (low + high) / 2), tick["label"]) for tick in ticks
             if (position := _finite(tick["position"])) is not None and low <= position <= high]
    return min(under)[1].strip() if under else ""


def bars(snap: Snapshot, index: int = 0) -> list[tuple[str, float]]:
    """Each bar of a panel as (the category label under it, its value), in drawing order.

    A vertical bar's label is the x tick under it and its value its height; a horizontal
    bar's label is the y tick beside it and its value its width. A bar with no tick label
    under it gets the label ''; bars of non-finite size are left out.
    """
    ax = panel(snap, index)
    if ax is None:
        return []
    found: list[tuple[str, float]] = []
    for bar in ax["bars"]:
        if bar["orientation"] == "vertical":
            ticks, sides = ax["xticks"], (bar["x"], bar["width"], bar["height"])
        else:
            ticks, sides = ax["yticks"], (bar["y"], bar["height"], bar["width"])
        start, size, value = (_finite(side) for side in sides)
        if start is not None and size is not None and value is not None:
            found.append((_label_at(ticks, start, size), value))
    return found


def lines(snap: Snapshot, index: int = 0) -> list[tuple[list[float], list[float]]]:
    """Each line of a panel as (x values, y values); values that are not numbers become nan."""
    def numbers(cells: Sequence[Cell]) -> list[float]:
        return [value if (value := _finite(cell)) is not None else math.nan for cell in cells]
    ax = panel(snap, index)
    return [(numbers(line["x"]), numbers(line["y"])) for line in (ax["lines"] if ax else [])]


def _table(snap: Snapshot) -> TableSnapshot | None:
    """The snapshot if it is a table (a DataFrame or a Series), else None."""
    return snap if snap["type"] == "dataframe" or snap["type"] == "series" else None


def _columns(snap: Snapshot) -> list[str]:
    """A table snapshot's column names; none for any other answer."""
    table = _table(snap)
    return table["columns"] if table else []


def column(snap: Snapshot, name: str) -> list[Cell] | None:
    """A table snapshot's column, top to bottom, or None if the table has no such column."""
    table = _table(snap)
    if table is None or name not in table["columns"]:
        return None
    position = table["columns"].index(name)
    return [row[position] for row in table["rows"]]


def _limits(snap: Snapshot, axis: Axis, index: int) -> list[float]:
    """An axis's two limits as drawn (first, then last), or [] if they cannot be read."""
    ax = panel(snap, index)
    drawn: list[Number] = (ax["xlim"] if axis == "x" else ax["ylim"]) if ax else []
    limits = [limit for value in drawn if (limit := _finite(value)) is not None]
    return limits if len(limits) == len(drawn) else []


def _key(label: str) -> str:
    """A category name compared without case and spaces: 'Peak  Month' is 'peakmonth'."""
    return "".join(str(label).split()).lower()


def _show(value: float) -> str:
    """A value as a reader would write it: 8,000 and 88.89, not 8000.0 and 88.8888."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _names(names: Sequence[str]) -> str:
    return ", ".join(map(repr, names))


# -- combining rules ------------------------------------------------------------------------

def after(gate: Rule, *rules: Rule) -> tuple[Rule, ...]:
    """The gate, then rules that are judged only once the gate is met.

    One slip then gets one message: bars drawn sideways are told to stand up, not also
    that the y label lacks the unit and the y axis does not start at zero. While the
    gate is not met, the rules after it return None (the gate's problem stands for them).
    """
    def guarded(rule: Rule) -> Rule:
        def check(snap: Snapshot) -> str | None:
            return None if gate.check(snap) else rule.check(snap)
        return replace(rule, check=check, requires=gate)
    return (gate, *map(guarded, rules))


# -- charts ---------------------------------------------------------------------------------

def panel_count(n: int) -> Rule:
    """The figure has exactly n panels (axes)."""
    def check(snap: Snapshot) -> str | None:
        found = len(panels(snap))
        return None if found == n else f"The figure has {found} panel(s); {n} are asked for."
    return Rule(f"{n} panel(s)", check)


def vertical_bars(index: int = 0) -> Rule:
    """The panel shows its values as vertical bars (categories along x, values up y)."""
    def check(snap: Snapshot) -> str | None:
        ax = panel(snap, index)
        drawn = ax["bars"] if ax else []
        if not drawn:
            return ("The chart has no bars. Draw vertical bars, one per category: sns.barplot "
                    "with the categories as x and the values as y, or ax.bar(names, values).")
        if any(bar["orientation"] != "vertical" for bar in drawn):
            return ("The bars lie on their side: draw vertical bars, with the categories along "
                    "the x axis and the values up the y axis (sns.barplot with x= the categories "
                    "and y= the values, or ax.bar instead of ax.barh).")
        return None
    return Rule("vertical bars", check)


def bar_values(expected: Callable[[], Mapping[str, float]], tolerance: float, what: str,
               index: int = 0) -> Rule:
    """Each bar shows the expected value of the category named under it, within ``tolerance``.

    ``expected`` maps each category to its value; bars are matched to categories by their
    tick label, ignoring case and spaces, so values under the wrong labels do not pass.
    """
    def check(snap: Snapshot) -> str | None:
        wanted = dict(expected())
        by_key = {_key(name): name for name in wanted}
        drawn = bars(snap, index)
        if len(drawn) != len(wanted):
            return (f"The chart draws {len(drawn)} bar(s); {len(wanted)} are asked for ({what}: "
                    f"one each for {_names(list(wanted))}).")
        labels = [label for label, _value in drawn]
        keys = [_key(label) for label in labels]
        if sorted(keys) != sorted(by_key):
            return (f"The bars are labelled {labels}; label one bar each {_names(list(wanted))}, "
                    "so the reader (and this check) can tell which value belongs to which.")
        problems = []
        for label, value in drawn:
            name = by_key[_key(label)]
            if math.isclose(value, wanted[name], abs_tol=tolerance):
                continue
            owner = [other for other, right in wanted.items()
                     if other != name and math.isclose(value, right, abs_tol=tolerance)]
            problems.append(f"the bar {name!r} shows {_show(value)}, "
                            + (f"the value of {owner[0]!r}" if owner
                               else "which is not what the data give"))
        if not problems:
            return None
        return (f"The bars do not show {what} under their own labels: {'; '.join(problems)}. "
                "Check which value you plotted for each label, and its unit.")
    return Rule(f"the bars show {what}, each under its own label", check)


def _reversed(axis: str, limits: list[float]) -> str | None:
    """What is wrong with an axis whose limits run backwards, or None if they run upwards."""
    first, last = limits
    if first <= last:
        return None
    return (f"The {axis} axis is reversed: it runs from {_show(first)} to {_show(last)}, so the "
            "bars grow from the wrong end and a reader takes big values for small ones. Let it "
            f"run upwards: ax.set_{axis}lim({_show(last)}, {_show(first)}) without invert_"
            f"{axis}axis().")


def runs_upwards(axis: Axis = "y", index: int = 0) -> Rule:
    """The axis is not reversed: values grow upwards (or to the right), as readers expect."""
    def check(snap: Snapshot) -> str | None:
        limits = _limits(snap, axis, index)
        if not limits:
            return f"The {axis} axis of panel {index + 1} cannot be read: is the chart drawn?"
        return _reversed(axis, limits)
    return Rule(f"the {axis} axis runs upwards", check)


def starts_at_zero(axis: Axis = "y", index: int = 0) -> Rule:
    """The axis runs upwards (not reversed) and includes 0, so lengths are proportional."""
    def check(snap: Snapshot) -> str | None:
        limits = _limits(snap, axis, index)
        if not limits:
            return f"The {axis} axis of panel {index + 1} cannot be read: is the chart drawn?"
        problem = _reversed(axis, limits)
        first, last = limits
        if problem or first <= 0 <= last:
            return problem
        return (f"The {axis} axis runs from {first:g} to {last:g}, without 0. Bars that do not "
                "start at zero make small differences look large.")
    return Rule(f"the {axis} axis starts at zero", check)


def axis_top(axis: Axis, whole: Callable[[], float] | None, most: float, what: str,
             index: int = 0) -> Rule:
    """The axis ends between ``whole()`` and ``most`` times it: it shows the whole, unshrunk.

    Ending below the whole cuts it off; ending far beyond it squeezes everything drawn
    into a corner, which makes differences look smaller. ``whole`` None means the
    longest bar drawn.
    """
    def check(snap: Snapshot) -> str | None:
        limits = _limits(snap, axis, index)
        drawn = [value for _label, value in bars(snap, index)]
        if whole is None and not drawn:
            return None  # no bars to measure against: the rule asking for bars says so
        low = whole() if whole is not None else max(drawn)
        high = low * most
        accepted = (f"Let it end between {_show(low)} and {_show(high)} "
                    f"(ax.set_{axis}lim(bottom, top)).")
        if not limits:
            return f"The {axis} axis of panel {index + 1} cannot be read: is the chart drawn?"
        top = max(limits)
        if top < low * (1 - 1e-9):
            return (f"The {axis} axis stops at {_show(top)}, short of {what} ({_show(low)}), so "
                    f"part of it is cut off. {accepted}")
        if top > high * (1 + 1e-9):
            return (f"The {axis} axis runs to {_show(top)}, far past {what} ({_show(low)}): the "
                    "empty space shrinks everything drawn and makes differences look smaller. "
                    f"{accepted}")
        return None
    return Rule(f"the {axis} axis ends between {what} and {most:g} times it", check)


def bars_in_view(index: int = 0) -> Rule:
    """Every bar's end lies inside the value axis, so none is hidden (e.g. below a log axis)."""
    def check(snap: Snapshot) -> str | None:
        ax = panel(snap, index)
        drawn = ax["bars"] if ax else []
        axis: Axis = "x" if any(bar["orientation"] == "horizontal" for bar in drawn) else "y"
        limits = sorted(_limits(snap, axis, index))
        if not drawn or not limits:
            return None  # nothing drawn or no axis: the rules asking for bars say so
        hidden = [label or "(no label)" for label, value in bars(snap, index)
                  if not limits[0] <= value <= limits[1]]
        if not hidden:
            return None
        return (f"The {axis} axis runs from {_show(limits[0])} to {_show(limits[1])}, so the "
                f"bar(s) {hidden} end outside it and a reader cannot see them. Widen the axis "
                f"(ax.set_{axis}lim) so that every bar ends inside it.")
    return Rule("every bar ends inside the axis", check)


def scale(axis: Axis, expected: str, why: str, index: int = 0) -> Rule:
    """The axis uses a given scale ('linear' or 'log'); ``why`` says why it matters here."""
    def check(snap: Snapshot) -> str | None:
        ax = panel(snap, index)
        found = (ax["xscale"] if axis == "x" else ax["yscale"]) if ax else "missing"
        return None if found == expected else (
            f"The {axis} axis is {found}, not {expected}: {why}")
    return Rule(f"a {expected} {axis} axis", check)


def label_mentions(axis: Axis, words: Sequence[str], what: str, index: int = 0) -> Rule:
    """The axis label contains one of the words (case-insensitive), e.g. the unit."""
    def check(snap: Snapshot) -> str | None:
        ax = panel(snap, index)
        label = (ax["xlabel"] if axis == "x" else ax["ylabel"]) if ax else ""
        if any(word.lower() in label.lower() for word in words):
            return None
        return (f"The {axis} axis label {label!r} does not say {what} "
                f"(e.g. {_names(words)}).")
    return Rule(f"the {axis} axis label gives {what}", check)


def _notes(snap: Snapshot) -> list[str]:
    """The notes on a chart: texts on the figure (and its suptitle), on the panels, and titles."""
    parts = list(snap["texts"]) if snap["type"] == "chart" else []
    for ax in panels(snap):
        parts += [ax["title"], *ax["texts"]]
    return parts


def _labels(snap: Snapshot) -> list[str]:
    """The labelling texts of a chart: axis labels, tick labels and legend entries."""
    parts = []
    for ax in panels(snap):
        parts += [ax["xlabel"], ax["ylabel"], *ax["legend"],
                  *(tick["label"] for tick in ax["xticks"] + ax["yticks"])]
    return parts


def _says(texts: Sequence[str], words: Sequence[str]) -> bool:
    text = " ".join(texts).lower()
    return any(word.lower() in text for word in words)


def mentions(words: Sequence[str], what: str) -> Rule:
    """Some text on the chart (title, labels, notes, legend) contains one of the words."""
    def check(snap: Snapshot) -> str | None:
        if _says(_notes(snap) + _labels(snap), words):
            return None
        return f"Nothing on the chart names {what} (add it to the title or a note)."
    return Rule(f"the chart names {what}", check)


def source_note(names: Sequence[str], what: str) -> Rule:
    """A note on the chart (figure text, text on a panel, or a title) names the source.

    The source must be named by one of ``names`` (e.g. the article's title): the word
    'source' alone names nothing, and axis labels, ticks and legends say what is drawn,
    not where it comes from.
    """
    def check(snap: Snapshot) -> str | None:
        if _says(_notes(snap), names):
            return None
        if _says(_labels(snap), names):
            where = ("only in an axis label, a tick or the legend, which say what is drawn. Put "
                     "it in a source line")
        elif _says(_notes(snap) + _labels(snap), ["source"]):
            where = ("nowhere: the word 'source' alone does not say where the numbers come "
                     "from. Add a source line that names it")
        else:
            where = "nowhere. Add a source line"
        return (f"The chart names {what} ({_names(names)}) {where} under the chart, e.g. "
                "fig.text(0.01, -0.08, \"Source: ...\").")
    return Rule(f"a source note naming {what}", check)


# -- tables ---------------------------------------------------------------------------------

def has_columns(*names: str) -> Rule:
    """The table has (at least) these columns."""
    def check(snap: Snapshot) -> str | None:
        missing = [n for n in names if n not in _columns(snap)]
        return None if not missing else (
            f"The table lacks the column(s) {missing}; it has {_columns(snap)}.")
    return Rule(f"columns {list(names)}", check)


def row_count(expected: Callable[[], int], what: str) -> Rule:
    """The table has the expected number of rows."""
    def check(snap: Snapshot) -> str | None:
        table = _table(snap)
        rows, wanted = table["shape"][0] if table else 0, expected()
        return None if rows == wanted else (
            f"The table has {rows} rows; {wanted} are asked for ({what}).")
    return Rule(f"{what}", check)


def lists_each_once(name: str, keys: Callable[[], Sequence[str]], what: str) -> Rule:
    """Column ``name`` lists each of ``keys()`` exactly once and nothing else.

    ``what`` names one key for the learner, e.g. 'claim id from the list'.
    """
    def check(snap: Snapshot) -> str | None:
        values = column(snap, name)
        if values is None:
            return f"The table has no column {name!r}."
        wanted = list(keys())
        found = [str(value).strip() for value in values]
        missing = [key for key in wanted if key not in found]
        unknown = sorted({value for value in found if value not in wanted})
        repeated = sorted({value for value in found if found.count(value) > 1})
        problems = ([f"missing {missing}"] if missing else []) + (
            [f"not in the list {unknown}"] if unknown else []) + (
            [f"more than once {repeated}"] if repeated else [])
        return None if not problems else (
            f"List each {what} once, and nothing else (" + "; ".join(problems) + ").")
    return Rule(f"each {what}, once", check)


def values_from(name: str, allowed: Sequence[str]) -> Rule:
    """Every value in the column is one of the allowed words."""
    def check(snap: Snapshot) -> str | None:
        values = column(snap, name)
        if values is None:
            return f"The table has no column {name!r}."
        wrong = sorted({str(v) for v in values if str(v).strip().lower() not in allowed})
        return None if not wrong else (
            f"Column {name!r} must use only {list(allowed)} (found {wrong}).")
    return Rule(f"{name!r} uses the fixed vocabulary", check)


def filled_in(name: str, example: str) -> Rule:
    """Every row has some text in the column; ``example`` shows what such a text looks like."""
    def check(snap: Snapshot) -> str | None:
        values = column(snap, name)
        if values is None:
            return f"The table has no column {name!r}."
        empty = sum(1 for value in values if not isinstance(value, str) or not value.strip())
        return None if not empty else (
            f"{empty} row(s) have nothing in {name!r}. Write it as text in every row, "
            f"e.g. {example!r}.")
    return Rule(f"{name!r} written for every row", check)


def column_values(key: str, name: str, expected: Callable[[], Mapping[str, str | float]],
                  tolerance: float = 0.0) -> Rule:
    """For each key (a row's value in column ``key``), column ``name`` holds the expected value."""
    def check(snap: Snapshot) -> str | None:
        keys, values = column(snap, key), column(snap, name)
        if keys is None or values is None:
            return f"The table needs the columns {key!r} and {name!r}."
        found = dict(zip(map(str, keys), values, strict=True))
        problems = []
        for row, wanted in expected().items():
            got = found.get(row)
            if got is None:
                problems.append(f"no row for {row!r}")
            elif isinstance(wanted, str):
                if str(got).strip().lower() != wanted:
                    problems.append(f"{name} for {row!r} ({got!r}) is not right")
            elif not (isinstance(got, float) and abs(got - wanted) <= tolerance):
                problems.append(f"{name} for {row!r} ({got!r}) is not right")
        return None if not problems else "Look again: " + "; ".join(problems) + "."
    return Rule(f"the {name} of each {key}", check)
