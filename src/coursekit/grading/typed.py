"""Numbers typed into a notebook's code as an answer: evidence that it was written in, not computed.

Data-variant grading (:mod:`coursekit.grading.variants`) asks whether a right answer is a
number the learner typed *as that answer*. This module follows the answer's name through
the code: the values it is given (``x = 12.3``, ``x: float = 12.3``, ``(x := 12.3)``),
both branches of ``a if test else b``, each part of ``a or b`` and of a tuple, and, where
such a value is another name or a call to a function the notebook defines, what that name
is given or that function returns, and so on. A value counts when it is made of number
literals alone: ``12.3``, ``-4``, ``123 / 10``, ``float("12.3")``, ``round(12.34, 1)``.
Numbers that are only arguments (``round(x, 1)``, ``share * 100``, ``ck.full_load_hours(6000,
5)``) are not followed: they are how honest code is written. A cell that is not valid Python
(an IPython magic, say) is skipped.

What it cannot see, and the teachers' guide says so: a number built at run time from text
or bytes other than as above, stored through ``globals()``, an attribute or a container,
or code run through ``exec``.
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable, Iterator

__all__ = ["typed_numbers"]

_BINARY: dict[type[ast.operator], Callable[[float, float], float]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.Div: operator.truediv, ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod}
_UNARY: dict[type[ast.unaryop], Callable[[float], float]] = {
    ast.UAdd: operator.pos, ast.USub: operator.neg}
_CALLS: dict[str, Callable[..., float]] = {"float": float, "int": int, "round": round,
                                           "abs": abs}


def _value(node: ast.expr) -> float | None:
    """The number an expression of number literals alone comes to, or None."""
    try:
        if isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return None
            return float(value)
        if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
            inner = _value(node.operand)
            return None if inner is None else _UNARY[type(node.op)](inner)
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            left, right = _value(node.left), _value(node.right)
            return None if left is None or right is None else _BINARY[type(node.op)](left,
                                                                                     right)
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in _CALLS and not node.keywords and node.args):
            args: list[object] = [
                a.value if isinstance(a, ast.Constant) and isinstance(a.value, str)
                else _value(a) for a in node.args]
            if any(a is None for a in args):
                return None
            if node.func.id == "round" and len(args) == 2:
                args[1] = int(float(str(args[1])))
            return float(_CALLS[node.func.id](*args))
    except (ArithmeticError, ValueError, TypeError):
        return None
    return None


def _given(node: ast.expr) -> Iterator[ast.expr]:
    """The expressions whose value a name may end up with, when ``node`` is assigned."""
    yield node
    if isinstance(node, ast.IfExp):
        yield from _given(node.body)
        yield from _given(node.orelse)
    elif isinstance(node, ast.BoolOp):
        for value in node.values:
            yield from _given(value)
    elif isinstance(node, (ast.Tuple, ast.List)):
        for element in node.elts:
            yield from _given(element)


def _assignments(tree: ast.AST, index: int,
                 found: dict[str, list[tuple[ast.expr, int]]]) -> None:
    """Add what each name is given in a cell (and, under ``name()``, what each function
    it defines returns) to ``found``."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Return) and inner.value is not None:
                    found.setdefault(f"{node.name}()", []).append((inner.value, index))
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                _pair(target, node.value, index, found)
        elif isinstance(node, (ast.AnnAssign, ast.NamedExpr)) and node.value is not None:
            _pair(node.target, node.value, index, found)


def _pair(target: ast.expr, value: ast.expr, index: int,
          found: dict[str, list[tuple[ast.expr, int]]]) -> None:
    """Record that ``target`` (a name, or a tuple of them) is given ``value``."""
    if isinstance(target, ast.Name):
        found.setdefault(target.id, []).append((value, index))
    elif isinstance(target, (ast.Tuple, ast.List)):
        parts = (value.elts if isinstance(value, (ast.Tuple, ast.List))
                 and len(value.elts) == len(target.elts) else [value] * len(target.elts))
        for element, part in zip(target.elts, parts, strict=True):
            _pair(element, part, index, found)


def typed_numbers(cells: list[tuple[int, str]], name: str) -> list[tuple[float, int]]:
    """Each number typed as a value of ``name`` (see above), with its cell's position
    (from 1).

    >>> cells = [(0, "c = 12.3"), (1, "x = c if big else ck.share(a, b)"), (2, "y = round(x, 1)")]
    >>> typed_numbers(cells, "x"), typed_numbers(cells, "y")
    ([(12.3, 1)], [])
    """
    given: dict[str, list[tuple[ast.expr, int]]] = {}
    for index, source in cells:
        try:
            _assignments(ast.parse(source), index + 1, given)
        except (SyntaxError, ValueError):
            continue
    found: list[tuple[float, int]] = []
    todo, seen = [name], {name}
    while todo:
        for value, cell in given.get(todo.pop(), []):
            for node in _given(value):
                number = _value(node)
                if number is not None and math.isfinite(number):
                    found.append((number, cell))
                follow = (node.id if isinstance(node, ast.Name) else
                          f"{node.func.id}()" if isinstance(node, ast.Call)
                          and isinstance(node.func, ast.Name) else None)
                if follow and follow not in seen:
                    seen.add(follow)
                    todo.append(follow)
    return found
