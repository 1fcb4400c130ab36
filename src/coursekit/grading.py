"""Grade submitted notebooks: run each in a fresh kernel, read the answers out, check them.

The learner's code runs in its own kernel, in a temporary copy, with a time limit per
cell; a failing cell does not stop the run. Answers are read out of the kernel as
plain data (see ``coursekit._snapshot``) and checked here, in the grader's process,
so nothing a notebook defines can change its own grade. Submission files are only
ever read.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError
from nbformat import NotebookNode

from . import _snapshot
from .checking import check_snapshot
from .exercises import Lesson, UnknownLessonError, get_lesson, lessons
from .notebooks import KERNEL, NotebookError, read
from .results import SubmissionGrade

__all__ = ["DEFAULT_TIMEOUT", "GradingError", "grade_notebook", "grade_paths", "lesson_of",
           "run_for_answers"]

#: Seconds a single cell may run before it is interrupted.
DEFAULT_TIMEOUT = 30.0
_SNAPSHOT_SOURCE = Path(_snapshot.__file__).read_text(encoding="utf-8")


class GradingError(RuntimeError):
    """A submission ran, but its answers could not be read out of the kernel."""


def lesson_of(notebook: NotebookNode, path: Path, override: str | None = None) -> Lesson:
    """The lesson a notebook belongs to: ``override``, else its metadata, else its file name."""
    if override:
        return get_lesson(override)
    declared = notebook.metadata.get("coursekit", {}).get("lesson")
    if declared:
        return get_lesson(declared)
    if path.stem in lessons():
        return get_lesson(path.stem)
    raise UnknownLessonError(
        f"{path}: cannot tell which lesson this is: it has no coursekit lesson metadata and "
        f"'{path.stem}' is not a lesson id; pass --lesson")


def _probe(names: list[str]) -> NotebookNode:
    """A cell that snapshots the answer variables with a private copy of ``_snapshot``."""
    source = (f"_coursekit_probe = {{'__name__': '_coursekit_probe'}}\n"
              f"exec({_SNAPSHOT_SOURCE!r}, _coursekit_probe)\n"
              f"_coursekit_probe['dump']({names!r}, globals())")
    return nbformat.v4.new_code_cell(source)


def _answers_from(probe: NotebookNode) -> dict[str, dict]:
    for output in probe.outputs:
        if output.output_type == "execute_result":
            return json.loads(ast.literal_eval(output.data["text/plain"]))
    errors = [f"{o.ename}: {o.evalue}" for o in probe.outputs if o.output_type == "error"]
    raise GradingError("could not read the answers out of the kernel"
                       + (f" ({errors[0]})" if errors else ""))


def run_for_answers(notebook: NotebookNode, names: list[str], workdir: Path,
                    timeout: float = DEFAULT_TIMEOUT) -> dict[str, dict]:
    """Run every cell in a fresh kernel in ``workdir``, then snapshot the named variables.

    Errors in cells are recorded and the run goes on; a cell running longer than
    ``timeout`` seconds is interrupted. The probe cell is appended to ``notebook``, which
    is the caller's in-memory copy. Raises :class:`GradingError` if the kernel dies.
    """
    client = NotebookClient(notebook, timeout=timeout, allow_errors=True,
                            interrupt_on_timeout=True, kernel_name=KERNEL["name"],
                            record_timing=False, resources={"metadata": {"path": str(workdir)}})
    learner_cells = len(notebook.cells)
    probe = _probe(names)
    notebook.cells.append(probe)
    index = -1
    try:
        with client.setup_kernel(stderr=subprocess.DEVNULL):  # kernel start-up chatter
            for index, cell in enumerate(notebook.cells):
                client.execute_cell(cell, index)
    except DeadKernelError:
        where = f"cell {index}" if index < learner_cells else "reading the answers"
        raise GradingError(f"the kernel died while running {where} (a crash or an exit "
                           "call in the notebook)") from None
    return _answers_from(probe)


def grade_notebook(path: str | Path, timeout: float = DEFAULT_TIMEOUT,
                   lesson: str | None = None) -> SubmissionGrade:
    """Grade one notebook file; problems become a submission with status ``error``."""
    path = Path(path)
    found: Lesson | None = None
    try:
        notebook = read(path)
        found = lesson_of(notebook, path, lesson)
        names = [e.answer for e in found.exercises]
        with tempfile.TemporaryDirectory(prefix="coursekit-grade-") as tmp:
            workdir = Path(tmp) / "work"
            workdir.mkdir()
            shutil.copyfile(path, workdir / path.name)
            answers = run_for_answers(notebook, names, workdir, timeout)
    except (NotebookError, UnknownLessonError, GradingError) as error:
        return SubmissionGrade.failed(str(path), found, str(error))
    results = [check_snapshot(e, answers.get(e.answer, {"type": "missing"}))
               for e in found.exercises]
    return SubmissionGrade.graded(str(path), found, results)


def grade_paths(paths: list[Path], timeout: float = DEFAULT_TIMEOUT,
                lesson: str | None = None) -> list[SubmissionGrade]:
    """Grade each notebook in turn; one broken submission never stops the batch."""
    return [grade_notebook(path, timeout, lesson) for path in paths]
