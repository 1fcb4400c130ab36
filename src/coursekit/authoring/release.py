"""Make learner notebooks (``lessons/``) from worked ones (``solutions/``).

The release is a chain of small transforms, each taking and returning a notebook:
drop solution-only cells, blank the marked solution code and the model answers of
written exercises, clear outputs, and set the metadata: the lesson id, the course version
and a hash of the figures it was released with (see ``coursekit.grading.versions``) and, for an
assessment, its rules (see ``coursekit.learner.assessment``). Running it twice gives
byte-identical files.
"""

from __future__ import annotations

import ast
import copy
import re
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING

from nbformat import NotebookNode

from coursekit.base.errors import UsageError
from coursekit.grading.versions import release_stamp
from coursekit.model.answercells import marked_answer
from coursekit.model.exercises import lessons
from coursekit.model.written import PLACEHOLDER
from coursekit.running.notebooks import KERNEL, read, to_text

if TYPE_CHECKING:
    from coursekit.learner.assessment import Assessment

__all__ = ["BEGIN", "END", "SOLUTION_TAG", "ReleaseError", "bound_names", "release",
           "release_notebook", "replace_blocks", "stale_lessons"]

BEGIN = "# BEGIN SOLUTION"
END = "# END SOLUTION"
#: Cells with this tag appear only in solutions.
SOLUTION_TAG = "solution"
_BLOCK = re.compile(rf"^([ \t]*){re.escape(BEGIN)}[ \t]*\n(.*?)^[ \t]*{re.escape(END)}[ \t]*$\n?",
                    re.MULTILINE | re.DOTALL)


class ReleaseError(UsageError, ValueError):
    """A solution notebook's markers cannot be turned into a learner's version."""


def drop_solution_cells(notebook: NotebookNode) -> NotebookNode:
    """Remove every cell tagged ``solution``."""
    notebook.cells = [c for c in notebook.cells
                      if SOLUTION_TAG not in c.get("metadata", {}).get("tags", [])]
    return notebook


class _Bound(ast.NodeVisitor):
    """The names a block of code binds where it runs, in order of first binding: assignment
    targets (also unpacked, augmented, annotated, ``:=``), ``for`` and ``with`` targets,
    imports, and defined functions and classes; not the names local to a function, class
    body, lambda or comprehension."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def _add(self, name: str) -> None:
        if name not in self.names:
            self.names.append(name)

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Store):
            self._add(node.id)

    def visit_Import(self, node: ast.Import | ast.ImportFrom) -> None:
        for alias in node.names:
            if alias.name != "*":
                self._add(alias.asname or alias.name.split(".")[0])

    visit_ImportFrom = visit_Import

    def _scope(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        for decorator in node.decorator_list:
            self.visit(decorator)
        self._add(node.name)

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _scope

    def _skip(self, node: ast.AST) -> None:
        """A lambda or comprehension: its names are its own."""

    visit_Lambda = visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _skip


def bound_names(code: str) -> list[str]:
    """The names that running ``code`` binds in its namespace, in order (see :class:`_Bound`).

    Raises SyntaxError if the code does not parse.
    """
    visitor = _Bound()
    visitor.visit(ast.parse(code))
    return visitor.names


def _plainly_assigned(code: str) -> set[str]:
    """The names a block's own statements assign one by one (``name = ...``, ``name += ...``,
    ``name: T = ...``): the intermediate results a learner's copy keeps a placeholder for."""
    found: set[str] = set()
    for statement in ast.parse(code).body:
        targets = statement.targets if isinstance(statement, ast.Assign) else (
            [statement.target] if isinstance(statement, ast.AnnAssign | ast.AugAssign) else [])
        found.update(t.id for t in targets if isinstance(t, ast.Name))
    return found


def _placeholder(indent: str, body: str, answers: Collection[str] = ()) -> str:
    """``name = ...`` for each name the solution block assigns plainly and each of the
    lesson's ``answers`` it binds in any way; for each name it binds if that leaves none;
    else a bare ``...``."""
    code = "\n".join(line[len(indent):] for line in body.splitlines())
    try:
        bound, plain = bound_names(code), _plainly_assigned(code)
    except SyntaxError as error:
        raise ReleaseError(f"solution block does not parse: {error.msg}") from None
    names = [name for name in bound if name in plain or name in answers] or bound
    lines = [f"{name} = ..." for name in names] or ["..."]
    return "".join(f"{indent}{line}\n" for line in lines)


def replace_blocks(source: str, replace: Callable[[str, str], str]) -> str:
    """``source`` with each ``# BEGIN SOLUTION`` ... ``# END SOLUTION`` block, markers
    included, replaced by ``replace(indent, body)`` (lines ending in a newline)."""
    return _BLOCK.sub(lambda m: replace(m[1], m[2]), source + "\n").rstrip("\n")


def blank_solutions(notebook: NotebookNode, answers: Collection[str] = ()) -> NotebookNode:
    """Replace each ``# BEGIN SOLUTION`` ... ``# END SOLUTION`` block with placeholders: one
    ``name = ...`` for each name it assigns plainly or each of the lesson's ``answers`` it
    binds (see :func:`_placeholder`), so that ``fig, chart = plt.subplots()`` leaves
    ``chart = ...``."""
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        try:
            source = replace_blocks(cell.source,
                                    lambda indent, body: _placeholder(indent, body, answers))
        except ReleaseError as error:
            raise ReleaseError(f"cell {index}: {error}") from None
        if BEGIN in source or END in source:
            raise ReleaseError(f"cell {index}: unmatched {BEGIN!r} / {END!r} marker")
        cell.source = source
    return notebook


def blank_written_answers(notebook: NotebookNode) -> NotebookNode:
    """Replace the model answer in each written answer cell with the placeholder."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and marked_answer(cell):
            cell.source = PLACEHOLDER
    return notebook


def clear_outputs(notebook: NotebookNode) -> NotebookNode:
    """Remove outputs, execution counts and per-cell run metadata."""
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        for key in ("execution", "collapsed", "scrolled"):
            cell.metadata.pop(key, None)
    return notebook


def set_metadata(notebook: NotebookNode, lesson: str, assessment: Assessment | None = None,
                 ) -> NotebookNode:
    """Keep only stable notebook metadata: the kernel, the language, the lesson id, the
    version stamp and an assessment's rules."""
    course: dict[str, object] = {"lesson": lesson, **release_stamp(lesson)}
    if assessment is not None:
        course["assessment"] = assessment.to_metadata()
    notebook.metadata = NotebookNode({
        "coursekit": course,
        "kernelspec": dict(KERNEL),
        "language_info": {"name": "python"},
    })
    return notebook


def release_notebook(solution: NotebookNode, lesson: str, assessment: Assessment | None = None,
                     ) -> NotebookNode:
    """The learner's version of one solution notebook (the input is left unchanged)."""
    notebook = copy.deepcopy(solution)
    declared = lessons().get(lesson)
    notebook = drop_solution_cells(notebook)
    notebook = blank_solutions(notebook, declared.answer_names.values() if declared else ())
    for step in (blank_written_answers, clear_outputs):
        notebook = step(notebook)
    return set_metadata(notebook, lesson, assessment)


def _planned(solutions: Path, lessons: Path, assessment: Assessment | None = None,
             only: list[str] | None = None) -> dict[Path, str]:
    """Each lesson file and the text it should have, made from ``solutions/`` (the lessons
    ``only`` names, if given)."""
    planned = {}
    paths = sorted(solutions.glob("*.ipynb"))
    missing = sorted(set(only or ()) - {p.stem for p in paths})
    if missing:
        raise ReleaseError(f"{solutions}: no solution notebook for {', '.join(missing)}")
    for path in paths:
        if only is not None and path.stem not in only:
            continue
        try:
            text = to_text(release_notebook(read(path), lesson=path.stem, assessment=assessment))
        except ReleaseError as error:
            raise ReleaseError(f"{path}: {error}") from None
        planned[lessons / path.name] = text
    return planned


def stale_lessons(solutions: Path, lessons: Path) -> list[Path]:
    """Lesson files that are missing, differ from a fresh release, or have no solution."""
    planned = _planned(solutions, lessons)
    stale = [p for p, text in planned.items()
             if not p.is_file() or p.read_text(encoding="utf-8") != text]
    orphans = [p for p in sorted(lessons.glob("*.ipynb")) if p not in planned]
    return stale + orphans


def release(solutions: Path, lessons: Path, assessment: Assessment | None = None,
            only: list[str] | None = None) -> list[Path]:
    """Write ``lessons/`` (or an assessment's folder) from ``solutions/`` (the lessons ``only``
    names, if given); return the files that changed."""
    lessons.mkdir(parents=True, exist_ok=True)
    changed = []
    for path, text in _planned(solutions, lessons, assessment, only).items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed
