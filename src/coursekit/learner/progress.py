"""Where a learner stands in a lesson: every exercise judged from the notebook's variables.

``ex.progress()`` in a notebook calls :func:`progress`. It judges the live values with
:func:`coursekit.judging.checking.check_snapshot`, the same checks the grader applies to a saved
notebook, credit carried forward included (:mod:`coursekit.judging.carried`), and never raises:
an answer that cannot be judged is reported as such.
"""

from __future__ import annotations

import html
import sys
from typing import Any, ClassVar

import pandas as pd

from coursekit.judging.carried import carry_forward
from coursekit.judging.checking import Result, check_snapshot
from coursekit.learner.saved import check_saved
from coursekit.model.exercises import Lesson
from coursekit.running.readout import snapshot

__all__ = ["COLUMNS", "Progress", "notebook_namespace", "progress", "status_word"]

#: The columns of a progress table, in order.
COLUMNS = ["exercise", "title", "status", "points", "max_points"]
#: A symbol beside each status word, so that colour is never the only signal.
_SYMBOLS = {"correct": "\u2714", "incorrect": "\u2718", "unanswered": "\u2026", "error": "!"}
_COLOURS = {"correct": "#1a7f37", "incorrect": "#b42318", "unanswered": "#57606a",
            "error": "#9a6700"}


class Progress(pd.DataFrame):
    """A progress table: one row per exercise, shown with a total line under it."""

    _metadata: ClassVar[list[str]] = ["lesson_title"]
    #: The heading above the table: "Progress in <the lesson's title>".
    lesson_title: str

    @property
    def _constructor(self) -> type[pd.DataFrame]:
        return pd.DataFrame  # a filtered or computed table is a plain DataFrame again

    def _total(self) -> str:
        done = int((self["status"] == "correct").sum())
        return (f"total: {self['points'].sum():g} of {self['max_points'].sum():g} points; "
                f"{done} of {len(self)} exercises correct")

    def __repr__(self) -> str:
        return f"{self.lesson_title}\n{pd.DataFrame(self).to_string(index=False)}\n{self._total()}"

    def _repr_html_(self) -> str:
        rows = []
        for exercise, title, word, points, max_points in self.itertuples(index=False, name=None):
            colour = _COLOURS.get(word, "#1f2328")
            status = f"{_SYMBOLS.get(word, '')} {word}"
            rows.append(
                f"<tr><td>{html.escape(exercise)}</td><td>{html.escape(title)}</td>"
                f'<td style="color:{colour};font-weight:bold">{html.escape(status)}</td>'
                f'<td style="text-align:right">{points:g}</td>'
                f'<td style="text-align:right">{max_points:g}</td></tr>')
        head = "".join(f'<th scope="col">{name}</th>' for name in COLUMNS)
        return (f'<table class="coursekit-progress"><caption style="text-align:left">'
                f"<strong>{html.escape(self.lesson_title)}</strong></caption>"
                f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody>"
                f'<tfoot><tr><th scope="row" colspan="5" style="text-align:left">'
                f"{html.escape(self._total())}</th></tr></tfoot></table>")


def notebook_namespace() -> dict[str, Any]:
    """The notebook's variables: IPython's user namespace in a kernel, else ``__main__``'s."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython else None
    if shell is not None:
        user_ns: dict[str, Any] = shell.user_ns
        return user_ns
    return vars(sys.modules["__main__"])


def progress(lesson: Lesson, namespace: dict[str, Any] | None = None) -> Progress:
    """Judge every exercise of ``lesson`` from ``namespace`` (default: the notebook's)."""
    values = notebook_namespace() if namespace is None else namespace
    answers = {e.answer: snapshot(values[e.answer]) for e in lesson.exercises
               if e.kind != "written" and e.answer in values}
    results = [check_saved(exercise, lesson.id, values) if exercise.kind == "written"
               # a written answer is in a Markdown cell: read from the saved notebook
               else check_snapshot(exercise, answers.get(exercise.answer, {"type": "missing"}))
               for exercise in lesson.exercises]
    rows: list[list[str | float]] = [
        [result.exercise.id, result.exercise.title, status_word(result), result.points,
         result.exercise.points] for result in carry_forward(results, answers)]
    table = Progress(rows, columns=COLUMNS)
    table.lesson_title = f"Progress in {lesson.title}"
    return table


def status_word(result: Result) -> str:
    """A result's status as its plain word (``correct``, ...), whether a str or a str enum."""
    return str(getattr(result.status, "value", result.status))
