"""Benchmark grading a class: N realistic submissions, the fast engine against plain nbclient.

    python benchmarks/grade_class.py --students 100 --lesson 02_percentages [--check-kernel]
                                     [--sandbox [--rounds 3]]

Builds N submissions of one lesson in a temporary folder (about 40 percent correct, 30
percent with diagnosed mistakes, 20 percent untouched, 10 percent broken), grades them,
and prints: wall time, submissions per second, median time per submission, peak memory
of the grading process tree, the speed-up of --jobs N over --jobs 1, and the ratio
against executing the same notebooks one after another with plain nbclient, all
measured in the same run. --check-kernel also grades them with --engine kernel and
fails unless every result is identical. --sandbox also grades them with the fast engine
in the sandbox, alternating with unsandboxed runs for --rounds rounds, and prints the
median of each and their ratio (the sandbox's overhead). --variants N instead measures
what data-variant grading costs: the median wall time of one run against a run with
--variants N (same engine and jobs, --rounds of each, alternating), and fails unless the
grades are identical. Exit code 1 when
results differ.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
import psutil
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell

from coursekit.authoring.release import BEGIN
from coursekit.grading.pipeline import GradeOptions, grade_paths
from coursekit.model.exercises import get_lesson
from coursekit.running.notebooks import KERNEL, read, write

ROOT = Path(__file__).resolve().parents[1]


def answer_cell(notebook, name: str) -> int:
    """The index of the solution cell that assigns ``name``."""
    return next(i for i, c in enumerate(notebook.cells)
                if c.cell_type == "code" and BEGIN in c.source and f"{name} =" in c.source)


def with_mistakes(solution, lesson, rng: random.Random):
    """The solution with one to three answers replaced by a diagnosed wrong value."""
    notebook = nbformat.from_dict(solution)
    choices = [e for e in lesson.exercises if e.mistakes]
    for exercise in rng.sample(choices, k=min(len(choices), rng.randint(1, 3))):
        wrong = rng.choice(exercise.mistakes).wrong_answer(exercise.expected())
        index = answer_cell(notebook, exercise.answer)
        notebook.cells.insert(index + 1, new_code_cell(f"{exercise.answer} = {wrong!r}"))
    return notebook


def broken(solution, kind: int):
    """A submission that fails in one of three ways."""
    notebook = nbformat.from_dict(solution)
    if kind == 0:
        notebook.cells.insert(3, new_code_cell("ex = ck.questions('no such lesson')"))
    elif kind == 1:
        notebook.cells.insert(3, new_code_cell("import os\nos._exit(1)"))
    return notebook


def make_class(lesson_id: str, students: int, folder: Path, seed: int = 7) -> list[Path]:
    """Write the class's submissions into ``folder`` and return their paths."""
    rng = random.Random(seed)
    lesson = get_lesson(lesson_id)
    solution = read(ROOT / "solutions" / f"{lesson_id}.ipynb")
    untouched = read(ROOT / "lessons" / f"{lesson_id}.ipynb")
    paths = []
    for n in range(students):
        path = folder / f"student_{n:03d}.ipynb"
        roll = rng.random()
        if roll < 0.4:
            write(solution, path)
        elif roll < 0.7:
            write(with_mistakes(solution, lesson, rng), path)
        elif roll < 0.9:
            write(untouched, path)
        elif n % 3 == 2:
            path.write_text('{"cells": [', encoding="utf-8")
        else:
            write(broken(solution, n % 3), path)
        paths.append(path)
    return paths


class PeakMemory:
    """Samples the proportional set size of this process and its children in a thread."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for proc in [me, *me.children(recursive=True)]:
                with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
                    total += proc.memory_full_info().pss
            self.peak = max(self.peak, total)
            self._stop.wait(0.05)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def timed_grading(paths, engine: str, jobs: int, timeout: float,
                  sandbox: str = "off", variants: int = 0):
    """Grade and return (grades, wall seconds, completion times, peak bytes)."""
    finished: list[float] = []
    start = time.perf_counter()
    with PeakMemory() as memory:
        options = GradeOptions(timeout=timeout, engine=engine, jobs=jobs, sandbox=sandbox,
                               variants=variants)
        grades = grade_paths(paths, options,
                             on_graded=lambda _g: finished.append(time.perf_counter()))
    return grades, time.perf_counter() - start, [t - start for t in finished], memory.peak


def plain_nbclient(paths, timeout: float) -> float:
    """Seconds to execute every readable notebook, one after another, in a fresh kernel."""
    start = time.perf_counter()
    for path in paths:
        try:
            notebook = read(path)
        except ValueError:
            continue
        with tempfile.TemporaryDirectory() as workdir:
            client = NotebookClient(notebook, timeout=timeout, allow_errors=True,
                                    kernel_name=KERNEL["name"],
                                    resources={"metadata": {"path": workdir}})
            with contextlib.suppress(Exception):  # a dead kernel ends it, as in JupyterLab
                client.execute(stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def comparable(grades):
    """What must be identical between runs: statuses, scores and feedback."""
    return [(g.status, g.score, [(e.id, e.status, e.points, e.feedback) for e in g.exercises]
             if g.status == "graded" else None) for g in grades]


def sandbox_overhead(paths, jobs: int, timeout: float, rounds: int):
    """Median wall times unsandboxed and sandboxed (alternating runs), and whether all agree."""
    plain, boxed, results = [], [], []
    for _ in range(rounds):
        for walls, sandbox in ((plain, "off"), (boxed, "on")):
            grades, wall, _, _ = timed_grading(paths, "fast", jobs, timeout, sandbox)
            walls.append(wall)
            results.append(comparable(grades))
    agree = all(r == results[0] for r in results)
    return statistics.median(plain), statistics.median(boxed), agree


def variant_cost(paths, args) -> tuple[list[tuple[str, str]], bool]:
    """Rows comparing one run with a run on --variants N more figure sets (--rounds of each,
    alternating; their medians); whether grades agree."""
    singles, varieds, results, peak = [], [], [], 0
    for _ in range(args.rounds):
        single, single_wall, _, _ = timed_grading(paths, "fast", args.jobs, args.timeout)
        varied, varied_wall, _, peak = timed_grading(paths, "fast", args.jobs, args.timeout,
                                                     variants=args.variants)
        singles.append(single_wall)
        varieds.append(varied_wall)
        results += [comparable(single), comparable(varied)]
    same = all(r == results[0] for r in results)
    flagged = sum(f["reason"] == "hard_coded" for g in varied for f in g.flags)
    single_wall, varied_wall = statistics.median(singles), statistics.median(varieds)
    return [
        ("submissions", str(len(paths))),
        ("rounds of each (medians below)", str(args.rounds)),
        (f"wall time, one run, --jobs {args.jobs}", f"{single_wall:.2f} s"),
        (f"wall time, --variants {args.variants}", f"{varied_wall:.2f} s"),
        ("each round (one run / variants)",
         ", ".join(f"{a:.1f}/{b:.1f}" for a, b in zip(singles, varieds, strict=True))),
        ("ratio", f"{varied_wall / single_wall:.2f}x"),
        ("peak memory with variants (PSS)", f"{peak / 2**20:.0f} MiB"),
        ("hard_coded flags", str(flagged)),
        ("grades identical", "yes" if same else "NO"),
    ], same


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its figures; 1 if two runs disagree."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--lesson", default="02_percentages")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--timeout", type=float, default=10, help="seconds per cell")
    parser.add_argument("--check-kernel", action="store_true",
                        help="also grade with --engine kernel and compare")
    parser.add_argument("--sandbox", action="store_true",
                        help="also grade in the sandbox and measure its overhead")
    parser.add_argument("--rounds", type=int, default=3,
                        help="with --sandbox or --variants: runs of each, alternating "
                             "(default 3)")
    parser.add_argument("--variants", type=int, default=0, metavar="N",
                        help="measure only the cost of grading with --variants N")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="coursekit-bench-") as tmp:
        paths = make_class(args.lesson, args.students, Path(tmp))
        if args.variants:
            rows, same = variant_cost(paths, args)
            print("\n".join(f"{label:<36}  {value}" for label, value in rows))
            return 0 if same else 1
        serial, serial_wall, finished, _ = timed_grading(paths, "fast", 1, args.timeout)
        grades, wall, _, peak = timed_grading(paths, "fast", args.jobs, args.timeout)
        baseline = plain_nbclient(paths, args.timeout)
        gaps = [b - a for a, b in zip([0.0, *finished], finished, strict=False)]
        statuses = {}
        for g in grades:
            statuses[g.status] = statuses.get(g.status, 0) + 1
        rows = [
            ("submissions",
             f"{len(paths)} ({', '.join(f'{v} {k}' for k, v in statuses.items())})"),
            (f"wall time, --jobs {args.jobs}", f"{wall:.2f} s"),
            ("submissions per second", f"{len(paths) / wall:.2f}"),
            ("median per submission (--jobs 1)",
             f"{statistics.median(gaps[1:] or gaps):.3f} s"),
            ("peak memory (PSS, whole tree)", f"{peak / 2**20:.0f} MiB"),
            ("wall time, --jobs 1", f"{serial_wall:.2f} s"),
            (f"speed-up of --jobs {args.jobs} over --jobs 1", f"{serial_wall / wall:.2f}x"),
            ("plain nbclient, one after another", f"{baseline:.2f} s"),
            ("ratio: plain nbclient / coursekit", f"{baseline / wall:.1f}x"),
        ]
        same = comparable(serial) == comparable(grades)
        rows.append((f"--jobs 1 and --jobs {args.jobs} identical", "yes" if same else "NO"))
        if args.check_kernel:
            kernel, kernel_wall, _, _ = timed_grading(paths, "kernel", args.jobs, args.timeout)
            agree = comparable(kernel) == comparable(grades)
            rows.append((f"--engine kernel, --jobs {args.jobs}", f"{kernel_wall:.2f} s"))
            rows.append(("fast and kernel engines identical", "yes" if agree else "NO"))
            same = same and agree
        if args.sandbox:
            plain, boxed, agree = sandbox_overhead(paths, args.jobs, args.timeout, args.rounds)
            rows.append((f"median of {args.rounds}, unsandboxed", f"{plain:.2f} s"))
            rows.append((f"median of {args.rounds}, sandboxed", f"{boxed:.2f} s"))
            rows.append(("sandbox overhead (sandboxed / unsandboxed)", f"{boxed / plain:.2f}x"))
            rows.append(("sandboxed and unsandboxed identical", "yes" if agree else "NO"))
            same = same and agree
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
