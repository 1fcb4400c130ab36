"""Written answers as the learner last saved them: found in the notebook file, not the kernel.

A written answer lives in a Markdown cell, which the kernel never sees, so checking it
reads the saved notebook: the file JupyterLab or VS Code names for this kernel (see
:func:`notebook_file`), else the lesson's file in the working folder.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from coursekit.judging.checking import Result, check_snapshot
from coursekit.judging.status import Status
from coursekit.judging.written import written_snapshots
from coursekit.model.exercises import Exercise

__all__ = ["check_saved", "notebook_file", "saved_notebook"]


def notebook_file(namespace: dict[str, Any]) -> Path | None:
    """The notebook file this kernel runs, as JupyterLab or VS Code tell it, else None."""
    named = (namespace.get("__vsc_ipynb_file__") or namespace.get("__session__")
             or os.environ.get("JPY_SESSION_NAME"))
    if not isinstance(named, str) or not named.endswith(".ipynb"):
        return None
    path = Path(named)
    # JupyterLab may give the path from its root folder; the kernel runs in the notebook's.
    return path if path.is_absolute() else Path.cwd() / path.name


def saved_notebook(lesson_id: str, namespace: dict[str, Any]) -> Path | None:
    """The notebook file this kernel runs, else ``<lesson id>.ipynb`` here, else None."""
    named = notebook_file(namespace)
    if named is not None and named.is_file():
        return named
    here = Path.cwd() / f"{lesson_id}.ipynb"
    return here if here.is_file() else None


def check_saved(exercise: Exercise, lesson_id: str, namespace: dict[str, Any]) -> Result:
    """Judge a written exercise from the saved notebook, saying which file was read."""
    path = saved_notebook(lesson_id, namespace)
    if path is None:
        return Result(exercise, Status.UNANSWERED, "Could not find this notebook's file to read "
                      "your written answer: save the notebook (Ctrl+S) and open it in "
                      "JupyterLab or VS Code, then check again.")
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        return Result(exercise, Status.ERROR, f"Could not read {path.name}: {error}")
    snap = written_snapshots(notebook, [exercise.answer],
                             {exercise.id: exercise.answer})[exercise.answer]
    if snap["type"] == "missing":
        return Result(exercise, Status.UNANSWERED, f"{path.name} has no answer cell for "
                      f"{exercise.id}: was it deleted? Copy the lesson's cell back.")
    result = check_snapshot(exercise, snap)
    return Result(exercise, result.status, f"(Read from {path.name} as last saved: save "
                  f"before you check.)\n{result.feedback}", result.points)
