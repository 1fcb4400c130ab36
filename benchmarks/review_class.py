"""Benchmark the written-answer loop for a class: grade, write the review page, merge scores.

    python benchmarks/review_class.py --students 100 --rounds 3

Builds N submissions of lesson 02 whose written answer (q9) varies (complete, partial,
off-topic, empty), then times, over several rounds: grading the class with the fast
engine, writing the review page, and merging a scores file that scores every answer
waiting for review. Prints the median of each and checks that every scored answer left
``needs_review``. The teacher's own reading time is not measured.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
import time
from pathlib import Path

from coursekit.exporters import Batch
from coursekit.exporters.review import render_review
from coursekit.grading.pipeline import GradeOptions, grade_paths
from coursekit.grading.reviews import COLUMNS, apply_reviews, read_reviews
from coursekit.judging.status import Status
from coursekit.model.exercises import lessons
from coursekit.running.notebooks import read, write

ROOT = Path(__file__).resolve().parents[1]
ANSWERS = (
    "Of all 405 employees, 88.9 percent are Uyghur and other ethnic minority staff; the "
    "article's 90 percent is this share rounded.",
    "88.9 percent of the staff.",
    "About 89 percentage points.",
    "_Write your answer here._",
)


def build_class(folder: Path, students: int) -> list[Path]:
    """N copies of the lesson 02 solution, each with one of the written answers above."""
    solution = read(ROOT / "solutions" / "02_percentages.ipynb")
    paths = []
    for n in range(students):
        for cell in solution.cells:
            if cell.get("metadata", {}).get("coursekit", {}).get("answer"):
                cell.source = ANSWERS[n % len(ANSWERS)]
        path = folder / f"learner{n:03d}.ipynb"
        write(solution, path)
        paths.append(path)
    return paths


def scores_for(grades, batch: Batch, path: Path) -> None:
    """A scores file giving one point to every answer waiting for review."""
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(COLUMNS)
        for grade in grades:
            for e in grade.exercises:
                if e.status is Status.NEEDS_REVIEW:
                    writer.writerow([grade.path, batch.learner(grade), grade.lesson, e.id, "1",
                                     "", "scored by the benchmark"])


def main() -> int:
    """Run the rounds and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    times: dict[str, list[float]] = {"grade": [], "review page": [], "merge": []}
    ok = True
    with tempfile.TemporaryDirectory() as home:
        paths = build_class(Path(home), args.students)
        for _ in range(args.rounds):
            start = time.perf_counter()
            grades = grade_paths(paths, GradeOptions(sandbox="off"))
            times["grade"].append(time.perf_counter() - start)
            batch = Batch(grades, lesson_ids=frozenset(lessons()))
            start = time.perf_counter()
            page = render_review(batch)
            times["review page"].append(time.perf_counter() - start)
            scores = Path(home) / "scores.csv"
            scores_for(grades, batch, scores)
            start = time.perf_counter()
            merged, unmatched = apply_reviews(grades, read_reviews(scores), batch.learner)
            times["merge"].append(time.perf_counter() - start)
            waiting = sum(e.status is Status.NEEDS_REVIEW for g in merged for e in g.exercises)
            ok = ok and not unmatched and waiting == 0 and page.count("<article") > 0
    print(f"class of {args.students}, {args.rounds} rounds (median, then each round, seconds)")
    for name, values in times.items():
        rounds = ", ".join(f"{v:.3f}" for v in values)
        print(f"{name:<12} {statistics.median(values):8.3f}   ({rounds})")
    print(f"every scored answer merged: {'yes' if ok else 'NO'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
