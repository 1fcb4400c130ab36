"""``ex.grade()``: grade this notebook's saved file from inside the notebook, as a teacher would.

The file is graded in a fresh Python process by :func:`coursekit.grading.pipeline.grade_paths`,
the grader behind ``coursekit grade`` and ``pytest --grade``, so the score is the one a
teacher gets. JupyterLab and VS Code tell the kernel which notebook it runs
(``__session__``, ``JPY_SESSION_NAME``, ``__vsc_ipynb_file__``); elsewhere pass the
path. While the grader itself runs a notebook, :data:`GRADING_ENV` is set and
``ex.grade()`` does nothing, so a notebook that grades itself cannot recurse.

The fresh process is ``python -m coursekit grade --format json --jobs 1 --no-sandbox FILE``
(:data:`OPTIONS`): the learner's code already runs with the learner's own rights in this
kernel, so the sandbox would add a second of start-up and protect nothing. Every other
setting is the grader's, or the class's config file's where there is one.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coursekit.grading.options import GradeOptions
from coursekit.grading.results import ExerciseGrade
from coursekit.judging.display import Message
from coursekit.learner.progress import notebook_namespace, progress
from coursekit.learner.saved import notebook_file
from coursekit.model.exercises import Lesson

__all__ = ["GRADING_ENV", "OPTIONS", "SelfGrade", "grade"]

#: Set (to "1") in the processes where the grader runs a submission.
GRADING_ENV = "COURSEKIT_GRADING"
#: How ex.grade() grades: one notebook, one job, without the sandbox (see above).
OPTIONS = GradeOptions(jobs=1, sandbox="off")
_LIMIT = 600.0  # seconds: more than the grader's own limits for one notebook


@dataclass(frozen=True, repr=False)
class SelfGrade:
    """What ``ex.grade()`` found: the score, each exercise's grade, and notes for the learner.

    ``problem`` says why nothing was graded; ``score`` is then 0.
    """

    path: Path | None
    score: float
    max_score: float
    exercises: list[ExerciseGrade] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problem: str | None = None
    saved_at: str = ""

    def messages(self) -> list[Message]:
        """The grade as messages: a headline, the notes, then one per exercise."""
        if self.problem:
            return [Message("error", "ex.grade(): nothing graded", self.problem)]
        assert self.path is not None  # only a grade with a problem has no file
        headline = Message(
            "correct" if self.score == self.max_score else "unanswered",
            f"Score: {self.score:g} of {_points(self.max_score)}",
            f"Graded {self.path.name} as last saved (at {self.saved_at}), run from top to "
            "bottom in a fresh Python, as a teacher grades it. The same grade in a terminal:\n"
            + shlex.join([sys.executable, "-m", "pytest", "--grade", str(self.path)]))
        notes = [Message("error", "Note", note) for note in self.notes]
        return [headline, *notes, *(
            Message(e.status, f"{e.id}: {e.status} ({e.points:g} of {_points(e.max_points)})",
                    e.feedback) for e in self.exercises)]

    def __repr__(self) -> str:
        return "\n".join(str(m) for m in self.messages())

    def _repr_html_(self) -> str:
        return "".join(m._repr_html_() for m in self.messages())


def _points(number: float) -> str:
    return f"{number:g} point{'' if number == 1 else 's'}"


def _normal(source: str | list[str]) -> str:
    return ("".join(source) if isinstance(source, list) else source).strip()


def _unsaved_cells(path: Path) -> int:
    """How many cells run since the file was saved have code the file lacks (0: can't tell).

    The saved file records the execution count of each cell, so the kernel's inputs
    numbered above the highest are the ones run after the save.
    """
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython else None
    if shell is None:
        return 0
    ran = shell.history_manager.input_hist_raw  # ran[n] is In[n]; the last is this cell
    code = [c for c in json.loads(path.read_text(encoding="utf-8")).get("cells", [])
            if c.get("cell_type") == "code"]
    last_saved = max((c.get("execution_count") or 0 for c in code), default=0)
    if last_saved >= len(ran) - 1:
        return 0  # saved after the last run, or by an earlier kernel: nothing to tell
    saved = {_normal(c.get("source", "")) for c in code}
    return len({_normal(s) for s in ran[last_saved + 1:-1]} - saved - {""})


def _grade_in_fresh_process(path: Path) -> dict[str, Any]:
    """The grader's JSON record for one notebook, from a new Python process."""
    run = subprocess.run([sys.executable, "-m", "coursekit", "grade", "--format", "json",
                          *OPTIONS.flags(), "--", str(path)],
                         capture_output=True, text=True, timeout=_LIMIT,
                         env={**os.environ, "PYTHONWARNINGS": "ignore"})
    if run.returncode != 0:
        raise RuntimeError(run.stderr.strip().splitlines()[-1] if run.stderr.strip()
                           else f"the grader stopped with exit code {run.returncode}")
    record: dict[str, Any] = json.loads(run.stdout)["submissions"][0]
    return record


def _compare(lesson: Lesson, graded: list[ExerciseGrade], namespace: dict[str, Any]) -> list[str]:
    """Notes on exercises that this kernel and the saved file judge differently."""
    live = dict(zip(*progress(lesson, namespace)[["exercise", "status"]].T.values, strict=True))
    differ = [e.id for e in graded if live.get(e.id) != e.status]
    if not differ:
        return []
    return [f"{', '.join(differ)}: the saved file does not give what this kernel holds. Save "
            "the notebook (Ctrl+S), and check that it runs from top to bottom: Kernel > Restart "
            "Kernel and Run All Cells."]


def grade(lesson: Lesson, path: str | Path | None = None,
          namespace: dict[str, Any] | None = None) -> SelfGrade:
    """Grade a saved notebook (default: this one) as a teacher would; never raises."""
    def nothing(file: Path | None, problem: str) -> SelfGrade:
        return SelfGrade(file, 0, lesson.max_score, problem=problem)

    if os.environ.get(GRADING_ENV):
        return nothing(None, "The grader is running this notebook: ex.grade() does nothing here.")
    values = notebook_namespace() if namespace is None else namespace
    file = Path(path) if path is not None else notebook_file(values)
    if file is None:
        return nothing(None, "ex.grade() cannot tell which notebook file this is (JupyterLab "
                       "and VS Code tell it). Save the notebook and give its file: "
                       f'ex.grade("{lesson.id}.ipynb").')
    if not file.is_file():
        return nothing(file, f"There is no notebook file {file}.")
    notes = []
    try:
        if path is None and (count := _unsaved_cells(file)):
            notes.append(f"This kernel ran {count} cell{'s' if count > 1 else ''} whose code is "
                         "not in the saved file: unsaved changes are not graded. Save the "
                         "notebook (Ctrl+S) and run ex.grade() again.")
        saved_at = time.strftime("%H:%M:%S", time.localtime(file.stat().st_mtime))
        record = _grade_in_fresh_process(file)
    except Exception as error:  # a learner's call explains what went wrong, never raises
        return nothing(file, f"{file.name} could not be graded: {error}")
    exercises = [ExerciseGrade(**e) for e in record["exercises"]]
    if record["error"]:
        notes.append(f"{file.name} could not be graded: {record['error']}")
    elif path is None and record["lesson"] == lesson.id:
        notes += _compare(lesson, exercises, values)
    return SelfGrade(file, record["score"], record["max_score"], exercises, notes,
                     saved_at=saved_at)
