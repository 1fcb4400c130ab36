"""Copies within a class: pairs of submissions whose own code, or whose rare mistakes, match.

Each lesson's submissions are compared with each other, never with another lesson's, and
nothing here changes a grade: a pair is evidence for the teacher to look at. Three kinds
of evidence are gathered, each only from what is *rare in the class*: a piece of
evidence that five or more submissions share (or 5 percent of them, in a large class) is
the class's common stock (the released notebook's own code and cells, the usual way to
write an answer, a wrong answer many make) and counts for no pair.

* **Code**: each code cell is cut into tokens with :mod:`tokenize`, dropping comments and
  spacing; every name a learner chooses becomes ``N`` (keywords, builtins and the
  attribute after a dot, such as ``ck.share``, stay), numbers and strings are written one
  way. The statements that assign an answer (``company_share = ...``) are left out: there
  are only so many ways to write a right answer, and learners who are right write them
  alike. Each run of :data:`RUN` tokens of the rest, the learner's own code, is one piece
  of code. Two submissions are paired when at least :data:`SHARED_CODE` (30) of their rare
  pieces are the same, two or three lines of code, and these are at least :data:`ALIKE` (80
  percent) of the rare pieces of the one with fewer: that catches a notebook handed in
  unchanged, and one with its names, spacing and comments changed.
* **The file**: JupyterLab gives each new cell a random id, and counts the cells as they
  are run; both are kept in the file. Two submissions sharing the id of a cell the
  released notebook does not have (a rare id), or the same order of runs with at least
  :data:`JUMPS` (5) jumps in it (not 1, 2, 3, ... of a fresh run of all), come from one
  file.
* **Wrong answers**: two submissions that give the same wrong answer to
  :data:`WRONG_ANSWERS` or more exercises, each wrong answer rare in the class and none a
  mistake the lesson declares (those are the ones many make on their own).

What it does not catch: a copy of the answers alone, or of a notebook that has nothing
of its own beyond them (it cannot be told from independent right work), a copy whose
code was rewritten in another shape (statements reordered, other functions called),
copying from outside the class, or a ring of copies so large that its code is the
class's common stock. A class of fewer than five submissions of a lesson is not checked:
its common stock cannot be told from copying.

Each pair is a :class:`~coursekit.grading.results.Copy` in the results' top-level ``copies``
list.
"""

from __future__ import annotations

import ast
import builtins
import functools
import hashlib
import io
import itertools
import json
import keyword
import math
import os
import re
import stat
import tokenize
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from coursekit.grading.results import Copy, SubmissionGrade
from coursekit.model.exercises import lessons
from coursekit.running.notebooks import MAX_NOTEBOOK_BYTES
from coursekit.running.snapshots import Snapshot

__all__ = ["ALIKE", "JUMPS", "RUN", "SHARED_CODE", "WRONG_ANSWERS", "Copy", "Work", "answer_text",
           "class_copies", "common_at", "find_copies", "pieces", "work_of"]

#: Tokens in one piece of code.
RUN = 6
#: The fewest rare pieces of the learners' own code two submissions must share to be
#: paired on code (two or three lines).
SHARED_CODE = 30
#: The share of the smaller submission's rare pieces that the pair must share.
ALIKE = 0.8
#: The fewest rare wrong answers two submissions must share to be paired on them.
WRONG_ANSWERS = 2
#: The fewest jumps in a file's order of runs for that order to count as a mark of the file.
JUMPS = 5
#: Evidence shared by this many submissions, or by :data:`COMMON_SHARE` of them, is common.
COMMON_COUNT, COMMON_SHARE = 5, 0.05

_KEPT_NAMES = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | frozenset(dir(builtins))
_Item = TypeVar("_Item", str, tuple[str, ...])
_SKIPPED = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
            tokenize.ENCODING, tokenize.ENDMARKER}


@dataclass(frozen=True)
class Work:
    """One submission as the copy check sees it."""

    path: str
    lesson: str
    #: The sources of its code cells, in order.
    cells: list[str]
    #: The ids of all its cells (JupyterLab's random ids), where the file has them.
    cell_ids: list[str] = field(default_factory=list)
    #: Its wrong answers in short (see :func:`answer_text`), by exercise id.
    wrong: dict[str, str] = field(default_factory=dict)
    #: The names its lesson's answers are assigned to (their statements are left out).
    answers: frozenset[str] = frozenset()
    #: The execution count of each code cell, as saved (None: not run).
    runs: tuple[int | None, ...] = ()

    def file_marks(self) -> set[str]:
        """What the file keeps of how it was made: its cells' ids, and the order its cells
        were run in when that has :data:`JUMPS` or more jumps (a count that is not the one
        before plus 1), so that it is a trace of work in progress, not a fresh run of all."""
        marks = {f"cell {id}" for id in self.cell_ids}
        counts = [count for count in self.runs if count is not None]
        jumps = sum(b != a + 1 for a, b in zip([0, *counts], counts, strict=False))
        if jumps >= JUMPS:
            marks.add(f"runs {counts}")
        return marks


def answer_text(snap: Snapshot) -> str:
    """An answer in short, the same for the same answer: a number to 6 significant digits,
    a text as it is (up to 80 characters), anything else (a chart, a table) as a digest."""
    value = snap.get("value")
    if snap["type"] == "number" and isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, str) and len(value) <= 80:
        return value
    digest = hashlib.sha256(json.dumps(snap, sort_keys=True, default=str).encode())
    return f"{snap['type']} {digest.hexdigest()[:10]}"


def _words(source: str) -> list[tuple[int, str]]:
    """Tokens as (kind, text), by :mod:`tokenize`; by a rough split when the cell is not
    Python (an IPython magic or shell line)."""
    try:
        return [(t.type, t.string) for t in tokenize.generate_tokens(io.StringIO(source).readline)
                if t.type not in _SKIPPED]
    except (tokenize.TokenError, SyntaxError):
        lines = (line.partition("#")[0] for line in source.splitlines())
        return [(tokenize.NAME if word[0].isalpha() or word[0] == "_" else tokenize.OP, word)
                for line in lines for word in re.findall(r"\w+|[^\s\w]", line)]


def _normal(kind: int, text: str, after_dot: bool) -> str:
    """One token as the comparison sees it."""
    if kind == tokenize.NAME:
        return text if after_dot or text in _KEPT_NAMES else "N"
    if kind in (tokenize.NUMBER, tokenize.STRING):
        try:
            return repr(ast.literal_eval(text))
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return text
    return text


def _own(source: str, answers: frozenset[str]) -> str:
    """A cell without its statements that assign one of the ``answers``."""
    try:
        body = ast.parse(source).body
    except (SyntaxError, ValueError):
        return source
    lines = source.splitlines()
    for statement in reversed(body):
        targets = (statement.targets if isinstance(statement, ast.Assign) else
                   [statement.target] if isinstance(statement, (ast.AnnAssign, ast.AugAssign))
                   else [])
        if any(isinstance(t, ast.Name) and t.id in answers for t in targets):
            del lines[statement.lineno - 1:statement.end_lineno or statement.lineno]
    return "\n".join(lines)


def pieces(cells: Iterable[str], answers: frozenset[str] = frozenset()) -> set[tuple[str, ...]]:
    """Every run of :data:`RUN` normalised tokens in the cells, without the statements that
    assign ``answers`` (see this module's docstring).

    >>> pieces(["share = ck.share(a, b)  # mine"]) == pieces(["x=ck.share( p,q )"])
    True
    """
    return set().union(*(_cell_pieces(source, answers) for source in cells))


@functools.lru_cache(maxsize=4096)
def _cell_pieces(source: str, answers: frozenset[str]) -> frozenset[tuple[str, ...]]:
    """The pieces of one cell (cached: most cells of a class are the released notebook's)."""
    words = _words(_own(source, answers))
    tokens = [_normal(kind, text, index > 0 and words[index - 1][1] == ".")
              for index, (kind, text) in enumerate(words)]
    return frozenset(tuple(tokens[i:i + RUN]) for i in range(max(len(tokens) - RUN + 1, 0)))


def common_at(count: int) -> int:
    """How many submissions of a lesson must share a piece of evidence for it to be common."""
    return max(COMMON_COUNT, math.ceil(COMMON_SHARE * count))


def _pairs(sets: list[set[_Item]]) -> Counter[tuple[int, int]]:
    """How many items each pair of sets shares, through an index of who has which item."""
    holders: defaultdict[_Item, list[int]] = defaultdict(list)
    for index, items in enumerate(sets):
        for item in items:
            holders[item].append(index)
    shared: Counter[tuple[int, int]] = Counter()
    for indexes in holders.values():
        shared.update(itertools.combinations(indexes, 2))
    return shared


@dataclass(frozen=True)
class _Evidence:
    """What one submission gives the copy check: its pieces of code, the marks of its file,
    and its wrong answers (all of them while counting, then only the rare ones)."""

    path: str
    lesson: str
    code: set[tuple[str, ...]]
    cells: set[str]
    wrong: set[str]

    @classmethod
    def of(cls, work: Work) -> _Evidence:
        """A submission's evidence, all of it."""
        return cls(work.path, work.lesson, pieces(work.cells, work.answers), work.file_marks(),
                   {f"{id}: {text}" for id, text in work.wrong.items()})

    def rare(self, common: _Common) -> _Evidence:
        """This evidence without what is common in its lesson."""
        limit = common_at(common.submissions)
        return _Evidence(self.path, self.lesson,
                         {p for p in self.code if common.code[p] < limit},
                         {m for m in self.cells if common.cells[m] < limit},
                         {w for w in self.wrong if common.wrong[w] < limit})


@dataclass
class _Common:
    """How many of a lesson's submissions have each piece of evidence."""

    submissions: int = 0
    code: Counter[tuple[str, ...]] = field(default_factory=Counter)
    cells: Counter[str] = field(default_factory=Counter)
    wrong: Counter[str] = field(default_factory=Counter)

    def add(self, evidence: _Evidence) -> None:
        """Count one submission's evidence."""
        self.submissions += 1
        self.code.update(evidence.code)
        self.cells.update(evidence.cells)
        self.wrong.update(evidence.wrong)


def _lesson_copies(rare: list[_Evidence]) -> list[Copy]:
    """The pairs among one lesson's submissions, from their rare evidence."""
    code = [e.code for e in rare]
    shared_code, shared_cells = _pairs(code), _pairs([e.cells for e in rare])
    shared_wrong = _pairs([e.wrong for e in rare])
    found = []
    for a, b in sorted(set(shared_code) | set(shared_cells) | set(shared_wrong)):
        smaller = min(len(code[a]), len(code[b]))
        alike = shared_code[a, b] / smaller if smaller else None
        answers = sorted(str(x) for x in rare[a].wrong & rare[b].wrong)
        by_code = shared_code[a, b] >= SHARED_CODE and (alike or 0) >= ALIKE
        if by_code or shared_cells[a, b] or len(answers) >= WRONG_ANSWERS:
            found.append(_copy(rare[a], rare[b], alike, shared_code[a, b],
                               shared_cells[a, b], answers))
    return found


def _copy(first: _Evidence, second: _Evidence, alike: float | None, code: int, cells: int,
          answers: list[str]) -> Copy:
    """The record of one pair, with its evidence in words."""
    said = []
    if alike is not None and code >= SHARED_CODE:
        said.append(f"{alike:.0%} of the rarer one's own code is alike ({code} pieces of "
                    "code no more than a few classmates have)")
    if cells:
        said.append(f"the same file: {cells} mark{'s' if cells > 1 else ''} of how it was "
                    "made in common (a new cell's random id, the order cells were run in)")
    if answers:
        said.append(f"the same rare wrong answers ({'; '.join(answers)})")
    return {"lesson": first.lesson, "first": first.path, "second": second.path,
            "code_alike": None if alike is None else round(alike, 3), "shared_code": code,
            "shared_cells": cells, "wrong_answers": answers, "evidence": "; ".join(said)}


def _text(source: object) -> str:
    """A cell's source as saved: a string, or a list of its lines."""
    if isinstance(source, list):
        return "".join(line for line in source if isinstance(line, str))
    return source if isinstance(source, str) else ""


def work_of(grade: SubmissionGrade) -> Work | None:
    """A graded submission as the copy check sees it, its file read again as plain JSON
    (it was read and checked when it was graded); None when it was not graded or its file
    cannot be read now."""
    if grade.status != "graded":
        return None
    try:
        if not stat.S_ISREG(os.lstat(grade.path).st_mode):
            return None
        with open(grade.path, "rb") as stream:
            notebook = json.loads(stream.read(MAX_NOTEBOOK_BYTES + 1)[:MAX_NOTEBOOK_BYTES])
        cells = [c for c in notebook["cells"] if isinstance(c, dict)]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    code = [c for c in cells if c.get("cell_type") == "code"]
    declared = lessons().get(grade.lesson)
    counts = tuple(n if isinstance(n := c.get("execution_count"), int) else None for c in code)
    return Work(grade.path, grade.lesson, [_text(c.get("source")) for c in code],
                [str(c["id"]) for c in cells if c.get("id")], grade.wrong_answers,
                frozenset(e.answer for e in declared.exercises) if declared else frozenset(),
                counts)


def find_copies(works: Collection[Work]) -> list[Copy]:
    """The pairs that look copied, lesson by lesson (see this module's docstring)."""
    return _copies(lambda: iter(works))


def class_copies(grades: Sequence[SubmissionGrade]) -> list[Copy]:
    """:func:`find_copies` of a graded batch, each submission's file read again (see
    :func:`work_of`) twice, never all held at once: once to count what the class has in
    common, then to keep what is rare."""
    return _copies(lambda: (work for grade in grades if (work := work_of(grade))))


def _copies(works: Callable[[], Iterator[Work]]) -> list[Copy]:
    """The pairs among ``works()`` (called twice, giving the same works each time): a first
    pass counts each lesson's evidence, a second keeps each submission's rare evidence."""
    common: defaultdict[str, _Common] = defaultdict(_Common)
    for work in works():
        common[work.lesson].add(_Evidence.of(work))
    rare: defaultdict[str, list[_Evidence]] = defaultdict(list)
    for work in works():
        if common[work.lesson].submissions >= COMMON_COUNT:
            rare[work.lesson].append(_Evidence.of(work).rare(common[work.lesson]))
    return [copy for lesson in sorted(rare) for copy in _lesson_copies(rare[lesson])]
