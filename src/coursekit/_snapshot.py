"""Turn a learner's answer into plain JSON data that can be checked anywhere.

This module has no imports outside the standard library and no coursekit imports:
the grader sends its source into the learner's kernel and runs it there in a fresh
namespace, so what the learner's notebook does to ``coursekit`` cannot change it.
The inline checks use the same function, so a notebook and the grader always see an
answer the same way.
"""

import json
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
    return json.dumps(answers, allow_nan=True, sort_keys=True)
