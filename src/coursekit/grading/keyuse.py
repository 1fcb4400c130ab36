"""Find code in a submission that tries to read the answer key, exercise by exercise.

The course is open: every expected answer, worked solution and declaration is in it. While
a notebook is graded, its process imports only the course's key-free view
(:mod:`coursekit.model.public`), so code that looks for the key there finds nothing; these
flags are a report of the attempt, for the teacher, not what keeps the key away (a name built
from pieces escapes them). The grader reads each code cell as Python syntax (its AST, after
IPython's own rewriting of magics) and flags what reaches for the key:

- ``solution``: a ``.solution`` attribute (``ex.q1.solution()`` shows the worked answer);
- ``exercise`` and ``expected``: the ``.exercise`` or ``.expected`` attributes (the
  declaration, and the function computing the expected answer);
- ``declarations``: importing or naming the modules that declare lessons (the course's
  lessons package, ``coursekit.model.exercises``, ``coursekit.lessons``), importing a ``LESSON``,
  or reaching one through ``.lesson``, ``.LESSON``, ``.exercises`` or ``._questions``;
  importing an exercise's expected-answer function counts as ``expected``. The helpers
  and constants a lesson itself imports for learners (``from ... import CONSTANT``) are
  neither;
- ``solutions_folder``: a path naming the ``solutions/`` folder (the worked notebooks);
- ``pasted_solution``: a comment or text of 20 characters or more copied from an
  exercise's worked solution.

``getattr(obj, "name")`` with a literal name counts as ``obj.name``. Each flag is
``{"cell": position from 1, "exercise": id or None, "reason": code, "detail": text}``;
its exercise is the one named in the expression (``ex.q3.solution()`` is q3), else the
one whose answer the statement or, failing that, the cell assigns, else None.
"""

from __future__ import annotations

import ast
import importlib
import io
import re
import tokenize
from collections.abc import Iterator
from dataclasses import replace
from types import ModuleType

from coursekit.grading.results import Flag
from coursekit.judging.checking import Result
from coursekit.judging.status import Status
from coursekit.model.exercises import Exercise, Lesson

__all__ = ["KEY_REASONS", "find_key_use", "zero_key_use"]

#: Every reason a key-use flag can give, with what it means, for feedback and the docs.
KEY_REASONS = {
    "solution": "shows the worked solution (.solution())",
    "exercise": "reads the exercise's declaration (.exercise)",
    "expected": "computes the expected answer (.expected)",
    "declarations": "reads the course's exercise declarations",
    "solutions_folder": "reads the worked notebooks in solutions/",
    "pasted_solution": "contains text copied from the worked solution",
}
_ATTRIBUTES = {"solution": "solution", "exercise": "exercise", "expected": "expected",
               "lesson": "declarations", "_questions": "declarations",
               "LESSON": "declarations", "exercises": "declarations"}
_SHORTEST_PASTE = 20
_SOLUTIONS_PATH = re.compile(r"(^|[/\\])solutions([/\\]|$)")


def _python(source: str) -> ast.Module | None:
    """A cell's code as Python syntax, with IPython magics rewritten; None if it does not parse."""
    from IPython.core.inputtransformer2 import TransformerManager

    try:
        return ast.parse(TransformerManager().transform_cell(source))
    except (SyntaxError, ValueError):
        return None


def _course_modules() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the packages whose modules may hold answers, the modules that declare lessons)."""
    from coursekit.model.course import courses

    installed = courses().values()
    declarations = ("coursekit.model.exercises", "coursekit.lessons",
                    *sorted({c.lessons_package for c in installed}))
    return (*sorted({c.package for c in installed}), *declarations), declarations


def _within(name: str, modules: tuple[str, ...]) -> bool:
    return any(name == m or name.startswith(m + ".") for m in modules)


def _module(name: str, modules: tuple[str, ...]) -> ModuleType | None:
    """A course module by name, imported in the grader (never the learner's code), or None."""
    if not _within(name, modules):
        return None
    try:
        return importlib.import_module(name)
    except Exception:  # not a module (a name inside one), or one that fails to import
        return None


def _key_object(value: object, expected: dict[int, str], declarations: tuple[str, ...]
                ) -> tuple[str, str | None] | None:
    """(reason, exercise) when an imported object is part of the key, else None.

    Declarations are a lesson, a module of the lesson declarations, or coursekit's lookup
    of lessons; an exercise's expected-answer function is the key to that exercise. The
    helpers and constants a lesson hands to learners are neither.
    """
    if id(value) in expected:
        return "expected", expected[id(value)]
    if isinstance(value, Lesson) or isinstance(getattr(value, "LESSON", None), Lesson):
        return "declarations", None
    if isinstance(value, ModuleType) and _within(value.__name__, declarations):
        return "declarations", None
    if getattr(value, "__module__", "") == "coursekit.model.exercises":
        return "declarations", None
    return None


def _attribute(node: ast.AST) -> str | None:
    """The attribute name an expression reads: ``x.name`` or ``getattr(x, "name")``."""
    if isinstance(node, ast.Attribute):
        return node.attr
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id == "getattr" and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str)):
        return node.args[1].value
    return None


def _named_exercise(node: ast.AST, ids: set[str]) -> str | None:
    """The exercise id an expression names on its way to the key (``ex.q3.solution``: q3)."""
    for inner in ast.walk(node):
        name = _attribute(inner)
        if name in ids:
            return name
    return None


def _imported(node: ast.Import | ast.ImportFrom, modules: tuple[str, ...],
              declarations: tuple[str, ...], expected: dict[int, str]
              ) -> Iterator[tuple[str, str, str | None]]:
    """The key-use flags of one import statement.

    ``import`` of a declarations module is flagged by its name; ``from M import name`` by
    what ``name`` is, so a lesson's own ``from ... import CONSTANT`` is not.
    """
    if isinstance(node, ast.Import):
        for alias in node.names:
            if _within(alias.name, declarations):
                yield "declarations", f"imports {alias.name}", None
            else:
                key = _key_object(_module(alias.name, modules), expected, declarations)
                if key:
                    yield key[0], f"imports {alias.name}", key[1]
        return
    if node.level or not node.module or not _within(node.module, modules):
        return
    source = _module(node.module, modules)
    for alias in node.names:
        name = f"{node.module}.{alias.name}"
        if source is None:  # a declarations module that does not import, like coursekit.lessons
            key = ("declarations", None) if _within(node.module, declarations) else None
        else:
            value = getattr(source, alias.name, None) or _module(name, modules)
            key = _key_object(value, expected, declarations)
        if key:
            yield key[0], f"imports {name}", key[1]


def _reads(node: ast.AST, modules: tuple[str, ...], declarations: tuple[str, ...],
           ids: set[str], expected: dict[int, str]) -> Iterator[tuple[str, str, str | None]]:
    """(reason, detail, exercise named or None) for each way one statement reaches the key."""
    for inner in ast.walk(node):
        name = _attribute(inner)
        if name in _ATTRIBUTES:
            yield _ATTRIBUTES[name], f"'.{name}'", _named_exercise(inner, ids)
        if isinstance(inner, ast.Import | ast.ImportFrom):
            yield from _imported(inner, modules, declarations, expected)
        elif isinstance(inner, ast.Constant) and isinstance(inner.value, str):
            if _within(inner.value, declarations) and "." in inner.value:
                yield "declarations", f"names the module {inner.value!r}", None
            elif _SOLUTIONS_PATH.search(inner.value):
                yield "solutions_folder", f"the path {inner.value[:80]!r}", None


def _assigned(statement: ast.AST, answers: dict[str, str]) -> list[str]:
    """The exercises whose answer variable a statement assigns."""
    return [answers[n.id] for n in ast.walk(statement)
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store) and n.id in answers]


def _fragments(exercise: Exercise) -> set[str]:
    """The distinctive pieces of a worked solution: its comments and the prose after a colon."""
    pieces: set[str] = set()
    for line in exercise.solution.splitlines():
        code, _, comment = line.partition("#")
        _, colon, prose = code.partition("': ")
        pieces.update(p for p in (comment, prose if colon else "") if p)
    return {_normal(p) for p in pieces if len(_normal(p)) >= _SHORTEST_PASTE}


def _normal(text: str) -> str:
    return " ".join(text.strip(" \t#'\"").split()).casefold()


def _pasted(source: str, fragments: dict[str, set[str]]) -> Iterator[str]:
    """The exercises whose worked-solution text appears in a cell's comments or strings."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return
    texts = [_normal(t.string) for t in tokens if t.type in (tokenize.COMMENT, tokenize.STRING)]
    texts = [t for t in texts if len(t) >= _SHORTEST_PASTE]
    for exercise, pieces in fragments.items():
        if any(piece in text for piece in pieces for text in texts):
            yield exercise


def find_key_use(cells: list[tuple[int, str]], lesson: Lesson) -> list[Flag]:
    """The flags for every place in a submission's code cells that reads the answer key.

    ``cells`` are ``(index in the notebook, source)`` of the code cells, in order.
    """
    modules, declarations = _course_modules()
    expected = {id(e.expected): e.id for e in lesson.exercises if e.expected is not None}
    ids = {e.id for e in lesson.exercises}
    answers = {e.answer: e.id for e in lesson.exercises}
    fragments = {e.id: _fragments(e) for e in lesson.exercises}
    flags: list[Flag] = []

    def add(cell: int, exercise: str | None, reason: str, detail: str) -> None:
        flag: Flag = {"cell": cell, "exercise": exercise, "reason": reason,
                "detail": f"{KEY_REASONS[reason]}: {detail}"}
        if not any(f["cell"] == cell and f["exercise"] == exercise and f["reason"] == reason
                   for f in flags):
            flags.append(flag)

    for index, source in cells:
        tree = _python(source)
        if tree is None:
            continue
        cell_answers = _assigned(tree, answers)
        for statement in tree.body:
            statement_answers = _assigned(statement, answers)
            for reason, detail, named in _reads(statement, modules, declarations, ids, expected):
                owner = (named or next(iter(statement_answers), None)
                         or (cell_answers[0] if len(set(cell_answers)) == 1 else None))
                add(index + 1, owner, reason, detail)
        for exercise in _pasted(source, fragments):
            add(index + 1, exercise, "pasted_solution", f"the worked solution of {exercise}")
    return flags


def zero_key_use(results: list[Result], flags: list[Flag]) -> list[Result]:
    """Score 0 each exercise a key-use flag names (``--key-use zero``), saying why in its feedback.

    Flags that name no exercise (an import at the top of the notebook) zero nothing; they
    stay in the flags for the teacher to judge.
    """
    reasons: dict[str, list[str]] = {}
    for flag in flags:
        if flag["exercise"] and flag["reason"] in KEY_REASONS:
            reasons.setdefault(flag["exercise"], []).append(flag["detail"])
    return [replace(r, status=Status.INCORRECT, points=0, carried_from=(),
                    feedback=f"Scored 0 because the code of this answer reads the answer key "
                             f"({'; '.join(reasons[r.exercise.id])}).\n{r.feedback}")
            if r.exercise.id in reasons else r for r in results]
