"""Benchmark a teacher's afternoon: the authoring guide, from ``coursekit new`` to a graded class.

    python benchmarks/new_course.py --rounds 3
    python benchmarks/new_course.py --venv path/to/venv    # one with coursekit installed

Makes a fresh virtual environment with this repository installed (unless ``--venv`` names
one), then runs the commands of the ``shell`` blocks of docs/authoring.md in an empty
folder, one at a time, timing each by the wall clock; ``--rounds`` times, each in a new
folder. Prints each command's median time, the median total, and the scores the sample
submissions got. Installing coursekit itself is not counted: a teacher has it already.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def guide_commands() -> list[str]:
    """The commands of the guide's ``shell`` blocks, in order."""
    text = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    return [line.strip() for block in re.findall(r"```shell\n(.*?)```", text, re.DOTALL)
            for line in block.splitlines() if line.strip()]


def follow(commands: list[str], venv: Path, folder: Path) -> tuple[list[float], Path]:
    """Run the commands in ``folder`` with the venv's programs first on the PATH; each one's
    seconds, and the folder the last one ran in (``cd`` is followed)."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    seconds, here = [], folder
    for command in commands:
        started = time.perf_counter()
        if command.startswith("cd "):
            here = here / command[3:].strip()
        else:
            done = subprocess.run(command, shell=True, cwd=here, env=env, capture_output=True,
                                  text=True)
            if done.returncode != 0:
                sys.exit(f"{command!r} failed ({done.returncode}):\n{done.stdout[-2000:]}"
                         f"\n{done.stderr[-2000:]}")
        seconds.append(time.perf_counter() - started)
    return seconds, here


def scores(folder: Path) -> str:
    """The samples' scores from the guide's results.json, as 'ada 8/9, ben 3/9'."""
    results = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    return ", ".join(f"{Path(s['path']).stem} {s['score']:g}/{s['max_score']:g}"
                     for s in results["submissions"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--venv", type=Path, help="a venv with coursekit installed "
                        "(default: a fresh one with this repository)")
    args = parser.parse_args()
    commands = guide_commands()
    with tempfile.TemporaryDirectory() as scratch:
        venv = args.venv
        if venv is None:
            venv = Path(scratch) / "venv"
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q",
                            str(ROOT)], check=True)
        rounds = []
        for number in range(args.rounds):
            folder = Path(scratch) / f"round{number}"
            folder.mkdir()
            seconds, last = follow(commands, venv.resolve(), folder)
            rounds.append(seconds)
        print(f"the guide's commands, median of {args.rounds} round(s), wall clock:")
        for index, command in enumerate(commands):
            print(f"  {command:<70} {statistics.median(r[index] for r in rounds):6.1f} s")
        print(f"  {'total, coursekit new to a graded class':<70} "
              f"{statistics.median(sum(r) for r in rounds):6.1f} s")
        print(f"scores: {scores(last)}")


if __name__ == "__main__":
    main()
