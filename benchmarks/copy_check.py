"""Benchmark the copy check: N submissions of one lesson, with some copies planted.

    python benchmarks/copy_check.py --students 1000 [--rounds 3]

Writes N notebooks of a lesson into a temporary folder: each the worked solution (with one
or two odd wrong answers for some learners) plus one to three cells of the learner's own (made
from a few shapes with the learner's own names, figures and numbers, and new random cell
ids); half the learners ran their cells in an order of their own, the others ran all afresh.
One learner in 50 hands in a classmate's notebook unchanged, and one in 50 retypes the own
cells (three) of a classmate with other names and comments. Then it times what
``coursekit grade`` adds for the copy check (reading the notebooks again and
:func:`coursekit.grading.copies.class_copies`), --rounds times, and prints the median, the
pairs found, and how many of the planted ones they include. Exit code 1 when a planted pair
is missed or an honest pair is reported.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from nbformat.v4 import new_code_cell

from coursekit.grading import copies as copies_module
from coursekit.grading.copies import class_copies
from coursekit.grading.results import SubmissionGrade
from coursekit.model.data import figures
from coursekit.model.exercises import get_lesson
from coursekit.running.notebooks import read, write

ROOT = Path(__file__).resolve().parents[1]
NAMES = ["part", "whole", "total", "share", "value", "x", "y", "n", "ratio", "gap", "a", "b",
         "count", "people", "staff", "result", "tmp", "first", "second", "fig"]

#: Shapes of a learner's own cells; {a}, {b}, {c} are names, {f}, {g} figure ids, {k} a number.
SHAPES = [
    "{a} = ck.figure({f!r})\n{b} = ck.figure({g!r})\nprint({a}, {b}, round({a} / {b}, {k}))",
    "for {a} in ({f!r}, {g!r}):\n    print({a}, ck.figure({a}) * {k})",
    "def {a}({b}, {c}):\n    return ck.figure({b}) - ck.figure({c}) + {k}\n\n"
    "print({a}({f!r}, {g!r}))",
    "{a} = [ck.figure({f!r}), ck.figure({g!r})]\n{b} = sum({a}) / len({a})\nprint({b} > {k})",
    "{a} = {{{f!r}: ck.figure({f!r})}}\nfor {b}, {c} in {a}.items():\n    print({b}, {c} * {k})",
]


def own_cells(rng: random.Random, ids: list[str]) -> list[str]:
    """One to three cells of a learner's own."""
    cells = []
    for _ in range(rng.randint(1, 3)):
        a, b, c = rng.sample(NAMES, 3)
        f, g = rng.sample(ids, 2)
        cells.append(rng.choice(SHAPES).format(a=a, b=b, c=c, f=f, g=g, k=rng.randint(1, 99)))
    return cells


def renamed(source: str, rng: random.Random) -> str:
    """A cell retyped with other names and a comment."""
    new = {name: f"my_{name}{rng.randint(1, 9)}" for name in NAMES}
    source = re.sub(r"(?<!['.\w])\b(\w+)\b(?!['\w])",
                    lambda m: new.get(m[1], m[1]), source)
    return f"# worked this out myself\n{source}"


def make_class(students: int, folder: Path, seed: int = 11
               ) -> tuple[list[SubmissionGrade], set[frozenset[str]]]:
    """Write the class; its grades as the copy check gets them, and the planted pairs."""
    rng = random.Random(seed)
    lesson = get_lesson("02_percentages")
    solution = read(ROOT / "solutions" / "02_percentages.ipynb")
    ids = list(figures().index)
    grades, planted, own = [], set(), {}
    for n in range(students):
        path = folder / f"student_{n:04d}.ipynb"
        roll = rng.random()
        sources = [m for m in range(n - 10) if len(own[m]) == 3]
        if sources and roll < 0.02:  # a classmate's file, unchanged
            source = rng.choice(sources)
            path.write_bytes((folder / f"student_{source:04d}.ipynb").read_bytes())
            cells, wrong = own[source], grades[source].wrong_answers
            planted.add(frozenset({str(path), grades[source].path}))
        else:
            notebook = read(ROOT / "solutions" / "02_percentages.ipynb") if n else solution
            if sources and roll < 0.04:  # a classmate's own cells, retyped
                source = rng.choice(sources)
                cells = [renamed(c, rng) for c in own[source]]
                planted.add(frozenset({str(path), grades[source].path}))
            else:
                cells = own_cells(rng, ids)
            for source_text in cells:
                cell = new_code_cell(source_text)
                cell.id = uuid.uuid4().hex[:8]
                notebook.cells.insert(len(notebook.cells) - 3, cell)
            count = 0
            for cell in notebook.cells:
                if cell.cell_type == "code":
                    count += rng.randint(1, 4) if roll > 0.5 else 1
                    cell.execution_count = count
            write(notebook, path)
            wrong = {e.id: f"{rng.uniform(0, 100):.6g}" for e in rng.sample(lesson.exercises, 2)
                     if rng.random() < 0.3}
        own[n] = cells
        grades.append(SubmissionGrade(str(path), lesson.id, "graded", None, 0, 0,
                                      wrong_answers=wrong))
    return grades, planted


def linked(planted: set[frozenset[str]]) -> set[frozenset[str]]:
    """Every pair within a group of copies (two copies of one notebook are alike too)."""
    groups: list[set[str]] = []
    for pair in planted:
        joined = [g for g in groups if g & pair]
        merged = set(pair).union(*joined)
        groups = [g for g in groups if g not in joined] + [merged]
    return {frozenset({a, b}) for g in groups for a in g for b in g if a < b}


def main(argv: list[str] | None = None) -> int:
    """Time the copy check; 1 when it misses a planted pair or pairs honest learners."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="coursekit-copies-") as tmp:
        grades, planted = make_class(args.students, Path(tmp))
        walls = []
        for _ in range(args.rounds):
            copies_module._cell_pieces.cache_clear()  # each round as in a fresh grader
            start = time.perf_counter()
            copies = class_copies(grades)
            walls.append(time.perf_counter() - start)
    found = {frozenset({c["first"], c["second"]}) for c in copies}
    honest = found - planted - linked(planted)
    rows = [("submissions", str(args.students)),
            ("planted pairs", str(len(planted))),
            ("pairs reported", str(len(found))),
            ("planted pairs found", f"{len(found & planted)} of {len(planted)}"),
            ("other pairs reported", str(len(honest))),
            (f"copy check, median of {args.rounds}", f"{statistics.median(walls):.2f} s"),
            ("each round", ", ".join(f"{w:.2f} s" for w in walls))]
    width = max(len(label) for label, _ in rows)
    print("\n".join(f"{label:<{width}}  {value}" for label, value in rows))
    return 0 if planted <= found and not honest else 1


if __name__ == "__main__":
    sys.exit(main())
