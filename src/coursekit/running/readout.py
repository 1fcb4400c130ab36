"""Turn a learner's answer into plain JSON data that can be checked anywhere.

This module has no imports outside the standard library and no coursekit imports (those
under ``TYPE_CHECKING`` are for the type checker only, never run): the grader sends its
source into the learner's kernel and runs it there in a fresh namespace, so what the
learner's notebook does to ``coursekit`` cannot change it.
The inline checks use the same function, so a notebook and the grader always see an
answer the same way. The shapes it produces are declared in ``coursekit.running.snapshots``.
"""

from __future__ import annotations

import contextlib
import math
import numbers
import sys
from typing import TYPE_CHECKING, Literal, cast

if TYPE_CHECKING:  # for the type checker only: the reader imports no library
    from collections.abc import Iterable, Mapping, Sized
    from typing import SupportsFloat

    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.container import BarContainer
    from matplotlib.figure import Figure, SubFigure
    from matplotlib.text import Text
    from numpy.typing import ArrayLike

    from coursekit.running.snapshots import (
        Bar,
        Cell,
        ChartSnapshot,
        Number,
        Panel,
        Snapshot,
        TableSnapshot,
        Tick,
    )

MAX_TEXT = 500
MAX_ROWS = 1000


def _number(value: SupportsFloat) -> Number:
    number = float(value)
    return number if math.isfinite(number) else repr(number)


def _cell(value: object) -> Cell:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, numbers.Real):
        return _number(value)
    return str(value)[:MAX_TEXT]


def _table(frame: pd.DataFrame, kind: Literal["dataframe", "series"], shape: tuple[int, ...],
           ) -> TableSnapshot:
    head = frame.head(MAX_ROWS)
    return {
        "type": kind,
        "shape": list(shape),
        "columns": [str(c) for c in frame.columns],
        "index": [_cell(i) for i in head.index],
        "rows": [[_cell(v) for v in row] for row in head.itertuples(index=False)],
    }


def _texts(items: Iterable[Text]) -> list[str]:
    return [t.get_text() for t in items if t.get_text()]


def _ticks(positions: Iterable[SupportsFloat], labels: Iterable[Text]) -> list[Tick]:
    return [{"position": _number(p), "label": t.get_text()}
            for p, t in zip(positions, labels, strict=False) if t.get_text()]


def _bars(ax: Axes) -> list[Bar]:
    # matplotlib's bar containers, known by their class name: the reader imports no library
    containers = [cast("BarContainer", container) for container in ax.containers
                  if type(container).__name__ == "BarContainer"]
    bars: list[Bar] = [
        {"x": _number(p.get_x()), "y": _number(p.get_y()), "width": _number(p.get_width()),
         "height": _number(p.get_height()), "orientation": container.orientation}
        for container in containers for p in container.patches]
    return bars[:MAX_ROWS]


def _cells(data: ArrayLike) -> list[Cell]:
    """A line's x or y data, as cells (matplotlib types it as any array-like, even a scalar,
    but a line's data is always a sequence)."""
    return [_cell(v) for v in cast("Iterable[object]", data)][:MAX_ROWS]


def _axes(ax: Axes) -> Panel:
    legend = ax.get_legend()
    titles = [ax.get_title(loc) for loc in ("left", "center", "right")]
    return {
        "title": " ".join(t for t in titles if t),
        "xlabel": ax.get_xlabel(),
        "ylabel": ax.get_ylabel(),
        "xlim": [_number(v) for v in ax.get_xlim()],
        "ylim": [_number(v) for v in ax.get_ylim()],
        "xscale": ax.get_xscale(),
        "yscale": ax.get_yscale(),
        "bars": _bars(ax),
        "lines": [{"x": _cells(line.get_xdata()), "y": _cells(line.get_ydata())}
                  for line in ax.get_lines()],
        # a collection's offsets are an array of points (typed as any array-like)
        "points": sum(len(cast("Sized", c.get_offsets())) for c in ax.collections),
        "texts": _texts(ax.texts),
        "xticks": _ticks(ax.get_xticks(), ax.get_xticklabels()),
        "yticks": _ticks(ax.get_yticks(), ax.get_yticklabels()),
        "legend": _texts(legend.get_texts()) if legend is not None else [],
    }


def _chart(figure: Figure | SubFigure, axes: Iterable[Axes]) -> ChartSnapshot:
    with contextlib.suppress(Exception):  # categorical tick labels appear only once drawn
        figure.canvas.draw()
    suptitle = getattr(figure, "_suptitle", None)
    texts = _texts(figure.texts) + ([suptitle.get_text()] if suptitle is not None else [])
    return {"type": "chart", "axes": [_axes(ax) for ax in axes], "texts": texts}


def snapshot(value: object) -> Snapshot:
    """Describe one value as JSON-safe data: its kind and what a check needs of it."""
    if value is Ellipsis:
        return {"type": "ellipsis"}
    if value is None:
        return {"type": "none"}
    if isinstance(value, bool):
        return {"type": "bool", "value": value}
    if isinstance(value, numbers.Real):
        return {"type": "number", "value": _number(value)}
    if isinstance(value, str):
        return {"type": "text", "value": value[:MAX_TEXT]}
    pandas = sys.modules.get("pandas")
    if pandas is not None:
        if isinstance(value, pandas.Series):
            return _table(value.to_frame(), "series", value.shape)
        if isinstance(value, pandas.DataFrame):
            return _table(value, "dataframe", value.shape)
    mpl_axes, mpl_figure = sys.modules.get("matplotlib.axes"), sys.modules.get("matplotlib.figure")
    if mpl_axes is not None and isinstance(value, mpl_axes.Axes):
        return _chart(value.figure, [value])
    if mpl_figure is not None:
        figure = getattr(value, "figure", value)  # seaborn grids hold their figure
        if isinstance(figure, mpl_figure.Figure):
            return _chart(figure, figure.axes)
    numpy = sys.modules.get("numpy")
    if numpy is not None and isinstance(value, numpy.ndarray):
        return {"type": "array", "shape": list(value.shape)}
    try:
        text = repr(value)[:MAX_TEXT]
    except Exception:
        text = "<unprintable>"
    return {"type": "other", "class": type(value).__qualname__, "repr": text}


def dump(names: Iterable[str], namespace: Mapping[str, object]) -> str:
    """Snapshot the named variables of a namespace as a JSON string; absent ones are 'missing'."""
    answers: dict[str, Snapshot] = {}
    for name in names:
        if name not in namespace:
            answers[name] = {"type": "missing"}
            continue
        try:
            answers[name] = snapshot(namespace[name])
        except Exception as error:
            answers[name] = {"type": "other", "class": type(error).__qualname__,
                             "repr": ("could not be read: " + str(error))[:MAX_TEXT]}
    return to_json(answers)


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _json_text(text: str) -> str:
    if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text:
        return '"' + text + '"'
    out = []
    for char in text:
        code = ord(char)
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif 0x20 <= code < 0x7F:
            out.append(char)
        elif code > 0xFFFF:  # as a surrogate pair, like json.dumps
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
        else:
            out.append(f"\\u{code:04x}")
    return '"' + "".join(out) + '"'


def to_json(value: object) -> str:
    """JSON text of plain data (dicts, lists, text, numbers, booleans, None), keys sorted.

    Written here rather than with the json module so that a notebook that patches json
    cannot change what the grader reads out of it: this uses only its own functions and
    the builtins of the namespace it runs in, which the grader takes before learner code.
    """
    if value is None or value is True or value is False:
        return {None: "null", True: "true", False: "false"}[value]
    if type(value) is str:
        return _json_text(value)
    if type(value) is int:
        return repr(value)
    if type(value) is float:
        if value != value:
            return "NaN"
        if value in (float("inf"), float("-inf")):
            return "Infinity" if value > 0 else "-Infinity"
        return repr(value)
    if type(value) is dict:
        return "{" + ", ".join(_json_text(str(k)) + ": " + to_json(value[k])
                               for k in sorted(value)) + "}"
    if type(value) is list or type(value) is tuple:
        return "[" + ", ".join(to_json(item) for item in value) + "]"
    return _json_text(str(value))
