"""What a failed cell means for the answers: which cell sets each answer, and what to say.

A cell that raised, or was stopped by its time limit, is reported by the engines as
``{"cell": position from 1, "error": text}``. An exercise whose answer is set in such a
cell, or only after one, says so in its feedback; a value left behind by a cell that
was stopped part-way is not graded as an answer.
"""

from __future__ import annotations

import ast
import re
from dataclasses import replace

from coursekit.judging.checking import Result
from coursekit.judging.status import Status
from coursekit.running.jobs import CellError

__all__ = ["assigning_cell", "explain"]

_STOPPED = "stopped after"
_NOT_RUN = "not run:"


def _assigned_names(source: str) -> set[str] | None:
    """The names a cell's code binds at top level (or anywhere), or None if it does not parse."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return names


def assigning_cell(cells: list[tuple[int, str]], name: str) -> int | None:
    """The position (from 1) of the last code cell that assigns ``name``, or None.

    A cell that is not valid Python counts when the name appears in it followed by '='.
    """
    found = None
    pattern = re.compile(rf"\b{re.escape(name)}\s*=(?!=)")
    for index, source in cells:
        names = _assigned_names(source)
        if (name in names) if names is not None else bool(pattern.search(source)):
            found = index + 1
    return found


def explain(result: Result, cells: list[tuple[int, str]], cell_errors: list[CellError]
            ) -> Result:
    """The result, with what a failed cell at or before the answer's cell means for it."""
    if not cell_errors:
        return result
    where = assigning_cell(cells, result.exercise.answer)
    failures = {e["cell"]: e["error"] for e in cell_errors}
    if where is None:
        return result
    own = failures.get(where)
    earlier = [cell for cell in sorted(failures) if cell < where]
    if own and own.startswith(_STOPPED):
        note = (f"The cell that sets '{result.exercise.answer}' (cell {where}) was {own}; the "
                "value left behind is not graded. Make the cell finish, then run it again.")
        if result.status is Status.UNANSWERED:
            return replace(result, feedback=f"{note}\n{result.feedback}")
        return replace(result, status=Status.INCORRECT, points=0, feedback=note,
                       carried_from=())
    if own:
        note = f"The cell that sets this answer (cell {where}) raised {own.rstrip('.')}."
    elif earlier:
        first = earlier[0]
        verb = "was not run" if failures[first].startswith(_NOT_RUN) else "raised"
        detail = failures[first] if verb == "raised" else failures[first][len(_NOT_RUN):].strip()
        note = (f"Cell {first}, above the cell that sets this answer (cell {where}), {verb}: "
                f"{detail.rstrip('.')}. This answer may depend on it.")
    else:
        return result
    return replace(result, feedback=f"{note}\n{result.feedback}")
