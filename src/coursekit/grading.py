"""Grade submitted notebooks: run each in a fresh process, read the answers out, check them.

The learner's code runs in its own process (a kernel, or a forked child with the fast
engine; see ``coursekit.engines``), in a temporary folder, with a time limit per cell
and per notebook; a failing cell does not stop the run. Answers are read out as plain
data and checked here, in the grader's process, so nothing a notebook defines can
change its own grade. Submission files are only ever read.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from nbformat import NotebookNode

from .cellerrors import explain
from .checking import check_snapshot
from .defaults import DEFAULT_NOTEBOOK_TIMEOUT, DEFAULT_TIMEOUT
from .engines import DEFAULT_ENGINE, ENGINES, GradingError, Job
from .exercises import Lesson, UnknownLessonError, get_lesson, lessons
from .notebooks import NotebookError, read
from .results import SubmissionGrade
from .sandbox import SandboxOptions, require
from .written import written_snapshots

__all__ = ["DEFAULT_NOTEBOOK_TIMEOUT", "DEFAULT_TIMEOUT", "grade_notebook", "grade_paths",
           "lesson_of"]

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


def grade_paths(paths: list[Path], timeout: float = DEFAULT_TIMEOUT,
                notebook_timeout: float = DEFAULT_NOTEBOOK_TIMEOUT, lesson: str | None = None,
                engine: str = DEFAULT_ENGINE, jobs: int | None = None,
                on_graded: Callable[[SubmissionGrade], None] | None = None,
                sandbox: SandboxOptions | None = None) -> list[SubmissionGrade]:
    """Grade notebooks, ``jobs`` at a time; one broken submission never stops the batch.

    Returns the grades in the order of ``paths``; ``on_graded`` is called as each
    submission finishes (for a progress bar). With ``sandbox``, the learners' code runs
    in the sandbox with those limits (``coursekit.sandbox``); if the sandbox cannot start
    here, :class:`~coursekit.sandbox.SandboxUnavailable` is raised before anything runs.
    """
    if sandbox is not None:
        require()
    grades: dict[int, SubmissionGrade] = {}
    planned: dict[int, tuple[Path, Lesson, Job, dict[str, dict]]] = {}
    work: list[Job] = []
    for key, path in enumerate(paths):
        found: Lesson | None = None
        try:
            notebook = read(path)
            found = lesson_of(notebook, path, lesson)
        except (NotebookError, UnknownLessonError) as error:
            grades[key] = SubmissionGrade.failed(str(path), found, str(error))
            if on_graded:
                on_graded(grades[key])
            continue
        written = [e.answer for e in found.exercises if e.kind == "written"]
        job = Job.from_notebook(key, notebook,
                                [e.answer for e in found.exercises if e.answer not in written],
                                timeout, notebook_timeout)
        planned[key] = (path, found, job, written_snapshots(notebook, written))
        work.append(job)
    run = ENGINES[engine]
    for key, outcome in run(work, jobs or os.cpu_count() or 1, sandbox):
        path, found, job, written = planned[key]
        if isinstance(outcome, GradingError):
            grades[key] = SubmissionGrade.failed(str(path), found, str(outcome))
        else:
            answers = {**outcome.answers, **written}
            results = [explain(check_snapshot(e, answers.get(e.answer, {"type": "missing"})),
                               job.cells, outcome.cell_errors)
                       for e in found.exercises]
            texts = {e.id: written[e.answer]["value"] for e in found.exercises
                     if written.get(e.answer, {}).get("type") == "text"}
            grades[key] = SubmissionGrade.graded(str(path), found, results, outcome.cell_errors,
                                                 texts)
        if on_graded:
            on_graded(grades[key])
    return [grades[key] for key in range(len(paths))]


def grade_notebook(path: str | Path, timeout: float = DEFAULT_TIMEOUT,
                   lesson: str | None = None, engine: str = DEFAULT_ENGINE) -> SubmissionGrade:
    """Grade one notebook file; problems become a submission with status ``error``."""
    return grade_paths([Path(path)], timeout=timeout, lesson=lesson, engine=engine, jobs=1)[0]
