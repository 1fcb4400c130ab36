"""Benchmark the written-answer loop for a class: grade, write the review page, merge scores.

    python benchmarks/review_class.py --students 120 --rounds 3

Builds N submissions of lesson 02 whose written answer (q9) is put together, with a fixed
seed, from the parts learners write: the share in one of the forms seen in class (88.9
percent, 88.9%, about 89 percent, a fraction, percentage points), the whole named or
not, the article's rounding and the one-company scope said in some of the usual ways,
with some capitals, spaces and a full stop changed. Then it times, over several rounds:
grading the class with the fast engine, writing the review page, and merging two TAs'
scores files that score every answer waiting for review. It prints the median of each,
checks that every scored answer left ``needs_review``, and counts the teacher's decisions
on the page (groups) against the answers waiting, and the groups that the text alone
would make. The teacher's own reading time is not measured.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from coursekit.exporters import Batch
from coursekit.exporters.review import ReviewOptions, normal_text, render_review
from coursekit.grading.pipeline import GradeOptions, grade_paths
from coursekit.grading.reviews import COLUMNS, apply_reviews, read_reviews
from coursekit.judging.status import Status
from coursekit.model.exercises import lessons
from coursekit.running.notebooks import read, write

ROOT = Path(__file__).resolve().parents[1]
#: The parts of an answer, each with how often learners write it (weights).
SHARES = (("88.9 percent", 40), ("88.9%", 20), ("about 89 percent", 15), ("88.89%", 8),
          ("0.889", 4), ("89 percentage points", 5), ("90 percent", 8))
WHOLES = (("of all 405 employees", 40), ("of the company's 405 staff", 15),
          ("of the employees", 20), ("of the workers", 10), ("", 15))
ROUNDING = ((" The article's 90 percent is this share rounded.", 30),
            (" The article rounds it up to 90 percent.", 20),
            (" 90% in the article is rounded.", 10), ("", 40))
SCOPE = ((" It describes this one company only.", 35),
         (" This is only about this company, not the region.", 15), ("", 50))


def _pick(rng: random.Random, parts: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([text for text, _ in parts], [weight for _, weight in parts])[0]


def answers(students: int, seed: int = 22) -> list[tuple[str, float]]:
    """N written answers to q9 put together from the parts above, with small slips of form,
    each with the teacher's score it deserves (0.5 for the rounding said, 0.5 for the scope)."""
    rng = random.Random(seed)
    written = []
    for _ in range(students):
        rounding, scope = _pick(rng, ROUNDING), _pick(rng, SCOPE)
        text = f"{_pick(rng, SHARES)} {_pick(rng, WHOLES)}".strip() + "." + rounding + scope
        if rng.random() < 0.15:
            text = text.lower()
        if rng.random() < 0.15:
            text = text.replace(" ", "  ", 1).rstrip(".")
        written.append((text[0].upper() + text[1:], 0.5 * bool(rounding) + 0.5 * bool(scope)))
    return written


def build_class(folder: Path, students: int) -> dict[Path, float]:
    """N copies of the lesson 02 solution, each with one of the written answers above, and
    the teacher's score each deserves."""
    solution = read(ROOT / "solutions" / "02_percentages.ipynb")
    paths = {}
    for n, (text, deserved) in enumerate(answers(students)):
        for cell in solution.cells:
            if cell.get("metadata", {}).get("coursekit", {}).get("answer"):
                cell.source = text
        path = folder / f"learner{n:03d}.ipynb"
        write(solution, path)
        paths[path] = deserved
    return paths


def rescores(page: str, deserved: dict[str, float]) -> int:
    """The answers a teacher must score on their own after scoring each group once: in each
    group, those that deserve another score than most of the group."""
    count = 0
    for group in page.split('<section class="group"')[1:]:
        scores = [deserved[learner] for learner in re.findall(r'data-learner="([^"]*)"', group)]
        count += len(scores) - max(scores.count(score) for score in set(scores))
    return count


def scores_for(grades, batch: Batch, folder: Path) -> list[Path]:
    """Two TAs' scores files, each giving one point to half the answers waiting for review."""
    files = [folder / "ta1.csv", folder / "ta2.csv"]
    rows: list[list[list[str]]] = [[list(COLUMNS)], [list(COLUMNS)]]
    for n, grade in enumerate(grades):
        for e in grade.exercises:
            if e.status is Status.NEEDS_REVIEW:
                rows[n % 2].append([grade.path, batch.learner(grade), grade.lesson, e.id, "1",
                                    "", "scored by the benchmark"])
    for path, mine in zip(files, rows, strict=True):
        with open(path, "w", newline="", encoding="utf-8") as stream:
            csv.writer(stream).writerows(mine)
    return files


def main() -> int:
    """Run the rounds and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=120)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    times: dict[str, list[float]] = {"grade": [], "review page": [], "merge": []}
    ok = True
    with tempfile.TemporaryDirectory() as home:
        paths = build_class(Path(home), args.students)
        for _ in range(args.rounds):
            start = time.perf_counter()
            grades = grade_paths(list(paths), GradeOptions(sandbox="off"))
            times["grade"].append(time.perf_counter() - start)
            batch = Batch(grades, lesson_ids=frozenset(lessons()))
            start = time.perf_counter()
            page = render_review(batch)
            times["review page"].append(time.perf_counter() - start)
            by_text = render_review(batch, ReviewOptions(groups="text"))
            files = scores_for(grades, batch, Path(home))
            start = time.perf_counter()
            merged = apply_reviews(grades, [r for f in files for r in read_reviews(f)],
                                   batch.learner)
            times["merge"].append(time.perf_counter() - start)
            left = sum(e.status is Status.NEEDS_REVIEW for g in merged.grades for e in g.exercises)
            ok = (ok and not merged.unmatched and not merged.conflicts and left == 0
                  and page.count("<article") > 0)
        waiting = [g.written_answers[e.id] for g in grades for e in g.exercises
                   if e.status is Status.NEEDS_REVIEW]
        deserved = {path.stem: score for path, score in paths.items()}
    print(f"class of {args.students}, {args.rounds} rounds (median, then each round, seconds)")
    for name, values in times.items():
        rounds = ", ".join(f"{v:.3f}" for v in values)
        print(f"{name:<12} {statistics.median(values):8.3f}   ({rounds})")
    print(f"answers waiting for review: {len(waiting)} ({len(set(waiting))} distinct texts, "
          f"{len({normal_text(text) for text in waiting})} once case, spacing and end "
          f"punctuation are set aside)")
    for name, shown in (("criteria", page), ("text", by_text)):
        groups, extra = shown.count('<section class="group"'), rescores(shown, deserved)
        print(f"--groups {name}: {groups} groups, and {extra} answers that deserve another "
              f"score than most of their group: {groups + extra} decisions, "
              f"{(groups + extra) / max(len(waiting), 1):.0%} of the answers")
    print(f"every scored answer merged: {'yes' if ok else 'NO'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
