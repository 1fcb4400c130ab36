"""Benchmark judging one written answer: the median cost per exercise, over the six written
exercises' model answers and a few variants of each.

    python benchmarks/judge_written.py --repeats 50

For every written exercise of the course, takes the model answer from its solution notebook
and variants a learner might write (decimal commas, the first sentence only, numbers and
keywords only, an off-topic sentence), judges each one ``--repeats`` times and prints the
median time of one judgement in milliseconds. Each judgement reads a text not read before
(trailing spaces differ), so that what the judge keeps of one answer's reading, for its
other criteria, does not count as a class's other answers. The first judgement of the run,
which loads the word tables and the number reader, is printed on its own; last, the mean
cost per exercise of the longest hostile answers (5,000 characters of digits, repeated
percentages, denials, random words).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

from coursekit.judging.checking import check_snapshot
from coursekit.judging.written import answer_cells
from coursekit.model.exercises import Exercise, lessons
from coursekit.model.written import MAX_WRITTEN
from coursekit.running.notebooks import read

ROOT = Path(__file__).resolve().parents[1]
OFF_TOPIC = "I rounded my grocery bill of 88.9 yuan to 90 yuan because coins are a bother."
#: The longest answers a judge reads (MAX_WRITTEN characters), written to make it work hard.
HOSTILE = {
    "digits": "1" * (MAX_WRITTEN - 1) + "a",
    "percentages": "The company is " + "88.9 percent of " * 400,
    "denials": "It is " + "not " * 1300,
    "words": "The share is " + " ".join(f"w{n:05d}x" for n in range(700)),
}


def variants(model: str) -> list[str]:
    """The model answer and what learners write instead of it."""
    first = re.split(r"(?<=[.!?])\s", model.strip())[0]
    stuffed = " ".join(re.findall(r"\d[\d.,]*|percent|not|kWh|rounded", model))
    return [model, re.sub(r"(\d)\.(\d)", r"\1,\2", model), first, stuffed, OFF_TOPIC]


def written_exercises() -> list[tuple[str, Exercise]]:
    """Each written exercise with the id of its lesson."""
    return [(lesson.id, e) for lesson in lessons().values() for e in lesson.exercises
            if e.kind == "written"]


def main() -> int:
    """Time the judgements and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=50)
    args = parser.parse_args()
    exercises = written_exercises()
    answers = {(lesson, e.id): variants(answer_cells(read(ROOT / "solutions" / f"{lesson}.ipynb"))
                                        [e.answer]) for lesson, e in exercises}
    start = time.perf_counter()
    lesson, first = exercises[0]
    check_snapshot(first, {"type": "text", "value": answers[lesson, first.id][0]})
    print(f"first judgement of the run (loads the readers): "
          f"{1000 * (time.perf_counter() - start):.0f} ms")
    print(f"median of one judgement, {args.repeats} repeats of {len(answers[lesson, first.id])} "
          "answers each (ms)")
    every: list[float] = []
    for lesson, exercise in exercises:
        times = []
        for repeat in range(args.repeats):
            for text in answers[lesson, exercise.id]:
                fresh = text + " " * (repeat + 1)
                start = time.perf_counter()
                check_snapshot(exercise, {"type": "text", "value": fresh})
                times.append(1000 * (time.perf_counter() - start))
        every += times
        print(f"{lesson + ' ' + exercise.id:<26} {statistics.median(times):7.2f}   "
              f"(max {max(times):.2f})")
    print(f"{'all':<26} {statistics.median(every):7.2f}")
    print("hostile answers, mean per exercise (ms)")
    for name, text in HOSTILE.items():
        start = time.perf_counter()
        for _, exercise in exercises:
            check_snapshot(exercise, {"type": "text", "value": text[:MAX_WRITTEN]})
        print(f"{name:<26} {1000 * (time.perf_counter() - start) / len(exercises):7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
