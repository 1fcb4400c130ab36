"""Turn a learner's answer into plain JSON data that can be checked anywhere.

This module has no imports outside the standard library and no coursekit imports:
the grader sends its source into the learner's kernel and runs it there in a fresh
namespace, so what the learner's notebook does to ``coursekit`` cannot change it.
The inline checks use the same function, so a notebook and the grader always see an
answer the same way. The shapes it produces are declared in ``coursekit.model.snapshots``.
"""

import contextlib
import math
import numbers
import sys

MAX_TEXT = 500
MAX_ROWS = 1000


def _number(value):
    number = float(value)
    return number if math.isfinite(number) else repr(number)


def _cell(value):
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, numbers.Real):
        return _number(value)
    return str(value)[:MAX_TEXT]


def _table(value, kind):
    frame = value.to_frame() if kind == "series" else value
    head = frame.head(MAX_ROWS)
    return {
        "type": kind,
        "shape": list(value.shape),
        "columns": [str(c) for c in frame.columns],
        "index": [_cell(i) for i in head.index],
        "rows": [[_cell(v) for v in row] for row in head.itertuples(index=False)],
    }


def _texts(items):
    return [t.get_text() for t in items if t.get_text()]


def _ticks(positions, labels):
    return [{"position": _number(p), "label": t.get_text()}
            for p, t in zip(positions, labels, strict=False) if t.get_text()]


def _bars(ax):
    bars = [{"x": _number(p.get_x()), "y": _number(p.get_y()), "width": _number(p.get_width()),
             "height": _number(p.get_height()), "orientation": container.orientation}
            for container in ax.containers if type(container).__name__ == "BarContainer"
            for p in container.patches]
    return bars[:MAX_ROWS]


def _axes(ax):
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
        "lines": [{"x": [_cell(v) for v in line.get_xdata()][:MAX_ROWS],
                   "y": [_cell(v) for v in line.get_ydata()][:MAX_ROWS]}
                  for line in ax.get_lines()],
        "points": sum(len(c.get_offsets()) for c in ax.collections),
        "texts": _texts(ax.texts),
        "xticks": _ticks(ax.get_xticks(), ax.get_xticklabels()),
        "yticks": _ticks(ax.get_yticks(), ax.get_yticklabels()),
        "legend": _texts(legend.get_texts()) if legend is not None else [],
    }


def _chart(figure, axes):
    with contextlib.suppress(Exception):  # categorical tick labels appear only once drawn
        figure.canvas.draw()
    suptitle = getattr(figure, "_suptitle", None)
    texts = _texts(figure.texts) + ([suptitle.get_text()] if suptitle is not None else [])
    return {"type": "chart", "axes": [_axes(ax) for ax in axes], "texts": texts}


def snapshot(value):
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
            return _table(value, "series")
        if isinstance(value, pandas.DataFrame):
            return _table(value, "dataframe")
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


def dump(names, namespace):
    """Snapshot the named variables of a namespace as a JSON string; absent ones are 'missing'."""
    answers = {}
    for name in names:
        if name not in namespace:
            answers[name] = {"type": "missing"}
            continue
        try:
            answers[name] = snapshot(namespace[name])
        except Exception as error:
            answers[name] = {"type": "other", "class": type(error).__qualname__,
                             "repr": "could not be read: " + str(error)[:MAX_TEXT]}
    return to_json(answers)


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _json_text(text):
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


def to_json(value):
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
    if type(value) in (list, tuple):
        return "[" + ", ".join(to_json(item) for item in value) + "]"
    return _json_text(str(value))
