"""The judge of written answers: a rubric's machine criteria scored, the teacher's left open.

The machine's points come at once; while a teacher's criterion is unscored the exercise's
status is ``needs_review``. A rubric's gate (``statement``) comes first: an answer that makes
no statement, or none about the exercise's subject, earns no machine points and is marked
for the teacher (``needs_review``) with the reason. An advisory check's finding is shown as
feedback and its points wait for the teacher. The answer is the text of the notebook's
Markdown cell marked as the exercise's answer cell (see :mod:`coursekit.model.written`),
read here from the notebook as plain data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from coursekit.judging.judges import Judgement, judge
from coursekit.judging.status import Status
from coursekit.model.answercells import marked_answer
from coursekit.model.written import MAX_WRITTEN, PLACEHOLDER, is_placeholder
from coursekit.running.snapshots import EmptySnapshot, Snapshot, TextSnapshot

if TYPE_CHECKING:
    from coursekit.model.exercises import Exercise
    from coursekit.model.written import Criterion

__all__ = ["answer_cells", "judge_written", "written_snapshots"]


def _scored(criterion: Criterion, problem: str | None) -> str:
    """The feedback line of a machine criterion: met, unmet with what was found, or a penalty."""
    if criterion.penalty:
        return (f"\u2714 {criterion.description}" if problem is None else
                f"\u2718 {criterion.description} (-{criterion.points:g}): {problem}")
    if problem is None:
        return f"\u2714 {criterion.description} ({criterion.points:g}/{criterion.points:g})"
    return f"\u2718 {criterion.description} (0/{criterion.points:g}): {problem}"


@judge("written", asks="a written answer in the exercise's answer cell")
def judge_written(exercise: Exercise, snap: Snapshot) -> Judgement:
    """Score the machine criteria; leave the teacher's open (status ``needs_review``)."""
    if snap["type"] != "text":
        return Judgement(Status.INCORRECT, f"'{exercise.answer}' is written in its answer cell "
                         "(a Markdown cell), not assigned in code.")
    text = snap["value"]
    if is_placeholder(text):
        return Judgement(Status.UNANSWERED, "Write your answer in the answer cell (replace "
                         f"{PLACEHOLDER!r}), save the notebook, then check again.")
    blocked = [(c, problem) for c in exercise.rubric
               if c.gate and c.check and (problem := c.check(text)) is not None]
    if blocked:
        return Judgement(Status.NEEDS_REVIEW, "\n".join(
            f"\u2691 {c.description}: {problem} No machine points; your teacher will read "
            "this answer." for c, problem in blocked), 0.0)
    lines, earned, open_points = [], 0.0, 0.0
    for criterion in exercise.rubric:
        if criterion.gate:
            continue
        if criterion.by_teacher:
            open_points += criterion.points
            advice = criterion.check(text) if criterion.check else None
            lines.append(f"\u270e {criterion.description} ({criterion.points:g} point(s)): "
                         "your teacher will score this." + (f" {advice}" if advice else ""))
            continue
        problem = criterion.check(text) if criterion.check else None
        lines.append(_scored(criterion, problem))
        if problem is not None and criterion.penalty:
            earned -= criterion.points
        elif problem is None and not criterion.penalty:
            earned += criterion.points
    earned = max(earned, 0.0)
    if open_points:
        status = Status.NEEDS_REVIEW
    else:
        status = Status.CORRECT if earned == exercise.points else Status.INCORRECT
    return Judgement(status, "\n".join(lines), earned)


def answer_cells(notebook: Any, names: Mapping[str, str] | None = None) -> dict[str, str]:
    """The text of each marked answer cell of a notebook, by the answer's name (``names``
    maps exercise ids to answers' names, for a tag such as ``answer:q9``)."""
    found = {}
    for cell in notebook.get("cells", []):
        name = marked_answer(cell, names)
        if cell.get("cell_type") == "markdown" and name:
            source = cell.get("source", "")
            found[name] = ("".join(source) if isinstance(source, list) else source)[:MAX_WRITTEN]
    return found


def written_snapshots(notebook: Any, names: Sequence[str],
                      ids: Mapping[str, str] | None = None) -> dict[str, Snapshot]:
    """Snapshots of the written answers ``names`` (``missing`` where no cell is marked);
    ``ids`` maps exercise ids to answers' names, for a cell tagged ``answer:q9``."""
    cells = answer_cells(notebook, ids)
    return {name: TextSnapshot(type="text", value=cells[name]) if name in cells
            else EmptySnapshot(type="missing") for name in names}
