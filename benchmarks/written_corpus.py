"""Benchmark the written-answer judge on the labelled corpus: agreement and cost per answer.

    python benchmarks/written_corpus.py [--rounds 5]

Judges every answer of tests/corpus/written/ with its exercise's rubric and prints the
agreement per exercise (answers whose machine points are what their teacher's label asks:
good with all of them, bad with none, partial with the points labelled, 'teacher' with none
and marked for the teacher). Then judges each exercise's answers --rounds more times, each
round with the answers made new to the readers' caches (a trailing space per round), and
prints the median cost of judging one answer per exercise; the first round, which loads the
readers' tables, is timed apart. Exit code 1 when an answer disagrees with its label.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.written_corpus import agrees, corpora, judged, table  # noqa: E402


def main() -> int:
    """Print the agreement table and the cost of judging one answer."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    started = time.perf_counter()
    found = corpora()
    answers = [(c.exercise, a.text) for c in found for a in c.answers]
    for exercise, text in answers:
        judged(exercise, text)
    first = time.perf_counter() - started
    print(table(found))
    for corpus in found:
        times = []
        for round_ in range(1, args.rounds + 1):
            for answer in corpus.answers:
                text = answer.text + " " * round_  # not read before: no cached reading
                started = time.perf_counter()
                judged(corpus.exercise, text)
                times.append(time.perf_counter() - started)
        print(f"{corpus.name}: judging one answer takes {1000 * statistics.median(times):.2f} ms "
              f"(median of {len(times)})")
    print(f"{len(answers)} answers; the first round, which loads the readers' tables: "
          f"{first:.2f} s")
    wrong = sum(not agrees(c, a) for c in found for a in c.answers)
    if wrong:
        print(f"{wrong} answer(s) disagree with their label", file=sys.stderr)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
