"""What a submission's process reports about its own job, checked field by field.

The answers are read out inside the learner's own process (both engines: see
``coursekit.running.readout``), so the learner's code can change what that process reports
about itself: it can replace the reader, or write a report of its own and stop. The grader
therefore believes a report only for the job it ran it for (the engine binds each report to
its job; a report never names one) and only after this module has checked it: the fields a
report may have and no others, each of its type, texts and lists no longer than the reader
makes them, an answer for each name asked and for no other, failed cells among the job's own.
A report that passes is no more than the notebook could have typed: values for its own
answers, and which of its own cells failed.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable, Iterable
from typing import Any, cast

from coursekit.running.jobs import CellError, GradingError, Job, Run
from coursekit.running.readout import MAX_ROWS, MAX_TEXT
from coursekit.running.snapshots import Snapshot

__all__ = ["MAX_CELL_ERROR", "MAX_REPORT_BYTES", "answers_from", "parse", "run_from"]

#: The largest report read from a submission's process (answers and failed cells, as JSON).
MAX_REPORT_BYTES = 64 * 2**20
#: The longest text of a failed cell's error (both engines cut it there).
MAX_CELL_ERROR = 300

_NUMBER = {"anyOf": [{"type": "number"}, {"enum": ["nan", "inf", "-inf"]}]}
_CELL = {"type": ["number", "string", "boolean", "null"]}
_TEXT = {"type": "string"}
_TEXTS = {"type": "array", "items": _TEXT}


def _record(**fields: object) -> dict[str, object]:
    """The schema of a JSON object with exactly these fields."""
    return {"type": "object", "properties": fields, "required": list(fields),
            "additionalProperties": False}


def _list(items: object, most: int | None = None) -> dict[str, object]:
    return {"type": "array", "items": items, **({"maxItems": most} if most else {})}


def _kind(*kinds: str | None) -> dict[str, object]:
    return {"enum": list(kinds)}


_SHAPE = _list({"type": "integer", "minimum": 0})
_TICKS = _list(_record(position=_NUMBER, label=_TEXT))
_PANEL = _record(
    title=_TEXT, xlabel=_TEXT, ylabel=_TEXT,
    xlim=_list(_NUMBER, 2), ylim=_list(_NUMBER, 2), xscale=_TEXT, yscale=_TEXT,
    bars=_list(_record(x=_NUMBER, y=_NUMBER, width=_NUMBER, height=_NUMBER,
                       orientation=_kind("vertical", "horizontal", None)), MAX_ROWS),
    lines=_list(_record(x=_list(_CELL, MAX_ROWS), y=_list(_CELL, MAX_ROWS))),
    points={"type": "integer", "minimum": 0}, texts=_TEXTS, xticks=_TICKS, yticks=_TICKS,
    legend=_TEXTS)
#: Each shape of ``coursekit.running.snapshots``, by its ``type``.
_SHAPES: dict[str, dict[str, object]] = {
    "chart": _record(type=_kind("chart"), axes=_list(_PANEL), texts=_TEXTS),
    "dataframe": _record(type=_kind("dataframe", "series"), shape=_SHAPE,
                         columns=_list(_TEXT), index=_list(_CELL, MAX_ROWS),
                         rows=_list(_list(_CELL), MAX_ROWS)),
    "number": _record(type=_kind("number"), value=_NUMBER),
    "bool": _record(type=_kind("bool"), value={"type": "boolean"}),
    "text": _record(type=_kind("text"), value={"type": "string", "maxLength": MAX_TEXT}),
    "array": _record(type=_kind("array"), shape=_SHAPE),
    "missing": _record(type=_kind("ellipsis", "none", "missing")),
    "other": _record(**{"type": _kind("other"), "class": _TEXT,
                        "repr": {"type": "string", "maxLength": MAX_TEXT}}),
}
_SHAPES.update(series=_SHAPES["dataframe"], ellipsis=_SHAPES["missing"],
               none=_SHAPES["missing"])
_SNAPSHOT = {"type": "object", "required": ["type"],
             "properties": {"type": {"enum": sorted(_SHAPES)}},
             "allOf": [{"if": {"properties": {"type": {"const": kind}}}, "then": shape}
                       for kind, shape in _SHAPES.items()]}
_CELL_ERRORS = _list(_record(cell={"type": "integer"},
                             error={"type": "string", "maxLength": MAX_CELL_ERROR}))


@functools.cache
def _validator(schema: str) -> Callable[[object], object]:
    """The compiled check of one of this module's schemas (compiled once, when first used)."""
    import fastjsonschema

    schemas: dict[str, dict[str, Any]] = {"snapshot": _SNAPSHOT, "cell_errors": _CELL_ERRORS}
    check: Callable[[object], object] = fastjsonschema.compile(schemas[schema])
    return check


def _refused(detail: str) -> GradingError:
    return GradingError(f"the grader refused what this notebook's process reported "
                        f"({detail[:200]}): something in the notebook replaced what reads its "
                        f"answers out, or wrote to the grader itself")


def _check(schema: str, value: object, where: str) -> None:
    import fastjsonschema

    try:
        _validator(schema)(value)
    except fastjsonschema.JsonSchemaValueException as error:
        raise _refused(f"{where}{error.message.removeprefix('data')}") from None


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"a number out of range: {text[:20]}")
    return number


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number a report may hold")


def parse(text: str) -> object:
    """A report's JSON, refused (GradingError) if it is not JSON, too long, or holds a
    number that is not finite (the reader sends those as text)."""
    if len(text) > MAX_REPORT_BYTES:
        raise _refused(f"more than {MAX_REPORT_BYTES // 2**20} MiB")
    try:
        return cast("object", json.loads(text, parse_float=_finite,
                                         parse_constant=_no_constant))
    except (ValueError, RecursionError) as error:
        raise _refused(f"not JSON: {error}") from None


def _only(found: Iterable[str], allowed: Iterable[str], what: str) -> None:
    extra = sorted(set(found) - set(allowed))
    if extra:
        raise _refused(f"{what} it may not report: {', '.join(map(repr, extra))}")


def answers_from(answers: object, names: list[str]) -> dict[str, Snapshot]:
    """The answers of a report: a snapshot for each of ``names`` and nothing else."""
    if not isinstance(answers, dict):
        raise _refused("its answers are not a JSON object")
    _only(answers, names, "answers for names")
    absent = [name for name in names if name not in answers]
    if absent:
        raise _refused(f"no answer for {', '.join(map(repr, absent))}")
    for name, snapshot in answers.items():
        _check("snapshot", snapshot, f"the answer {name!r}")
    return cast("dict[str, Snapshot]", answers)


def _cell_errors(errors: object, job: Job) -> list[CellError]:
    """The failed cells of a report: each one of the job's own cells, once."""
    _check("cell_errors", errors, "its failed cells")
    cells = [error["cell"] for error in cast("list[dict[str, Any]]", errors)]
    own = {index + 1 for index, _ in job.cells}
    if not set(cells) <= own or len(set(cells)) < len(cells):
        raise _refused("failed cells that are not the notebook's own, or one cell twice")
    return cast("list[CellError]", errors)


def run_from(text: str, job: Job) -> Run:
    """The run a process reported for ``job`` as JSON text, or GradingError if refused."""
    report = parse(text)
    if not isinstance(report, dict):
        raise _refused("not a JSON object")
    _only(report, ["answers", "cell_errors"], "fields")
    if "answers" not in report or "cell_errors" not in report:
        raise _refused("no answers or no failed cells")
    return Run(answers_from(report["answers"], job.names), _cell_errors(report["cell_errors"], job))
