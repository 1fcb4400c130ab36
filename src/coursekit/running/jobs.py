"""What a grading engine is given and gives back: a submission's job, and its run or error.

Plain data only, so that starting an engine (``coursekit.running.forks``) imports no notebook
library.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from coursekit.base.errors import CoursekitError

if TYPE_CHECKING:
    from nbformat import NotebookNode

    from coursekit.running.snapshots import Snapshot

__all__ = ["AHEAD", "CellError", "GradingError", "Job", "Outcome", "Run"]

#: Jobs per worker an engine has taken and not yet finished: enough that a worker that
#: finishes finds its next job waiting, few enough that a lazy batch is never all read.
AHEAD = 2


class CellError(TypedDict):
    """A cell that raised, was stopped by its time limit or was not run, and what happened."""

    #: The cell's position in the notebook, from 1.
    cell: int
    error: str


class GradingError(CoursekitError, RuntimeError):
    """A submission ran, but its answers could not be read out of it."""


@dataclass(frozen=True)
class Job:
    """One submission to run: its code cells (with their index in the notebook) and limits."""

    id: int
    cells: list[tuple[int, str]]
    names: list[str]
    cell_timeout: float
    notebook_timeout: float

    @classmethod
    def from_notebook(cls, id: int, notebook: NotebookNode, names: list[str],
                      cell_timeout: float, notebook_timeout: float) -> Job:
        """The job for a notebook: its code cells in order."""
        cells = [(i, c.source) for i, c in enumerate(notebook.cells) if c.cell_type == "code"]
        return cls(id, cells, names, cell_timeout, notebook_timeout)


@dataclass(frozen=True)
class Run:
    """What running a submission gave: its answers as plain data, and the cells that failed."""

    answers: dict[str, Snapshot]
    cell_errors: list[CellError]


#: What an engine yields for each job: its id, and its run or why it has none.
Outcome = tuple[int, "Run | GradingError"]
