"""Benchmark the learner's waits: the command's help, grading one lesson, and ex.progress().

    python benchmarks/learner_loop.py [--lesson 02_percentages] [--runs 5]

Prints the median of ``--runs`` runs of each, measured in the same run and taking turns:

- ``coursekit --help`` (target: at most 0.3 s);
- grading the lesson's worked notebook with ``pytest --grade FILE`` (as in the course install,
  without the test extra's nbval plugin) and with ``ex.grade(FILE)``, each against a plain
  nbclient run of the same notebook in a fresh kernel (target: at most 0.75 times the plain
  run);
- ``ex.progress()`` on the notebook's answers (target: under 0.2 s).

Exit code 0 whatever the figures: the targets are printed beside them, not enforced.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from nbclient import NotebookClient

from coursekit.learner.progress import progress
from coursekit.learner.selfgrade import grade
from coursekit.model.exercises import get_lesson
from coursekit.running.notebooks import KERNEL, read

ROOT = Path(__file__).resolve().parents[1]


def seconds(action: Callable[[], object]) -> float:
    """The wall time of one call of ``action``."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def medians(actions: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """The median time of each action over ``runs`` rounds, the actions taking turns.

    Taking turns keeps a ratio fair on a shared machine whose load drifts.
    """
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            times[name].append(seconds(action))
    return {name: statistics.median(values) for name, values in times.items()}


def run(command: list[str], cwd: Path) -> None:
    """Run a command and fail loudly if it fails."""
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)


def plain_run(path: Path) -> None:
    """Execute a notebook in a fresh kernel with nbclient, as JupyterLab's Run All would."""
    NotebookClient(read(path), kernel_name=KERNEL["name"], timeout=120,
                   resources={"metadata": {"path": str(path.parent)}}).execute(
                       stderr=subprocess.DEVNULL)


def notebook_answers(path: Path) -> dict:
    """The variables a notebook holds after all its cells ran, from an IPython shell."""
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    with contextlib.redirect_stdout(io.StringIO()):
        for cell in read(path).cells:
            if cell.cell_type == "code":
                shell.run_cell(cell.source, silent=True)
    return shell.user_ns


def main() -> int:
    """Measure and print the learner loop's figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lesson", default="02_percentages")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    lesson = get_lesson(args.lesson)
    with tempfile.TemporaryDirectory(prefix="coursekit-loop-") as folder:
        path = Path(folder) / f"{lesson.id}.ipynb"
        shutil.copy(ROOT / "solutions" / path.name, path)
        coursekit = str(Path(sys.executable).with_name("coursekit"))
        pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                  "-p", "no:nbval", "--grade", str(path)]  # nbval: not in the course install
        took = medians({
            "help": lambda: run([coursekit, "--help"], ROOT),
            "plain": lambda: plain_run(path),
            "pytest": lambda: run(pytest, Path(folder)),
            "grade": lambda: grade(lesson, path),
        }, args.runs)
        namespace = notebook_answers(path)
        progress(lesson, namespace)  # the first call also loads the course's data
        took.update(medians({"progress": lambda: progress(lesson, namespace)}, args.runs))
    plain = took["plain"]
    rows = [
        ("coursekit --help", f"{took['help']:.2f} s", "<= 0.3 s"),
        (f"plain nbclient run of {path.name}", f"{plain:.2f} s", ""),
        ("pytest --grade FILE", f"{took['pytest']:.2f} s = {took['pytest'] / plain:.2f}x plain",
         "<= 0.75x"),
        ("ex.grade(FILE)", f"{took['grade']:.2f} s = {took['grade'] / plain:.2f}x plain",
         "<= 0.75x"),
        ("ex.progress()", f"{took['progress'] * 1000:.1f} ms", "< 200 ms"),
    ]
    print(f"medians of {args.runs} runs, {lesson.id}")
    for name, figure, target in rows:
        print(f"  {name:<40} {figure:<22} {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
