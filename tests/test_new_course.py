"""A second course in an afternoon, in a fresh virtual environment beside this one.

The authoring guide's commands (docs/authoring.md, its ``shell`` blocks) run as written:
``coursekit new``, ``pip install -e``, ``coursekit check`` (clean), ``coursekit release`` and
``coursekit grade`` of the two sample submissions, which get the scores the guide states.
Then a mistake only grading reveals is planted, and ``coursekit check`` names it. (The other
planted mistakes are in tests/test_authoring_checks.py, without an install.)
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from coursekit.authoring.newcourse import SAMPLES

from .conftest import ROOT, Venv, clean_env, run_or_fail

GUIDE = ROOT / "docs" / "authoring.md"
COURSE = "city_budget"
LESSON = f"{COURSE}_01"


def guide_commands() -> list[str]:
    """The commands of the guide's ``shell`` blocks, in order."""
    text = GUIDE.read_text(encoding="utf-8")
    return [line.strip() for block in re.findall(r"```shell\n(.*?)```", text, re.DOTALL)
            for line in block.splitlines() if line.strip()]


@dataclass(frozen=True)
class Authored:
    """The guide, followed: where, in which venv, what it printed and how long it took."""

    folder: Path
    venv: Venv
    output: str
    seconds: float

    def env(self) -> dict[str, str]:
        """The environment the guide's commands ran in: the venv's programs first."""
        env = clean_env()
        env["PATH"] = f"{self.venv.path / 'bin'}{os.pathsep}{env.get('PATH', '')}"
        return env


@pytest.fixture(scope="module")
def authored(project_wheel, tmp_path_factory) -> Authored:
    """A fresh venv with this project's wheel (coursekit and this course), then the guide's
    commands run in an empty folder with that venv's programs."""
    where = tmp_path_factory.mktemp("author")
    venv = Venv(where / "venv")
    run_or_fail([sys.executable, "-m", "venv", str(venv.path)], cwd=where)
    run_or_fail([str(venv.python), "-m", "pip", "install", "-q", str(project_wheel)],
                cwd=where)
    work = where / "work"
    work.mkdir()
    script = "set -e\n" + "\n".join(guide_commands())
    started = time.monotonic()
    done = subprocess.run(["bash", "-c", script], cwd=work, capture_output=True, text=True,
                          env=Authored(work, venv, "", 0).env())
    seconds = time.monotonic() - started
    assert done.returncode == 0, f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    print(f"\nthe guide's commands took {seconds:.0f} s")  # the closing note quotes it
    return Authored(work / COURSE, venv, done.stdout, seconds)


def test_the_guide_starts_with_new_and_ends_with_grade():
    commands = guide_commands()
    assert commands[0] == f"coursekit new {COURSE}"
    assert [c.split()[1] for c in commands if c.startswith("coursekit")] == [
        "new", "check", "release", "grade"]


@pytest.mark.slow  # a fresh venv, an install and a graded class
def test_a_new_course_installs_checks_releases_and_grades_as_it_is(authored):
    assert f"{COURSE}: no problems" in authored.output
    assert (authored.folder / "lessons" / f"{LESSON}.ipynb").is_file()
    results = json.loads((authored.folder / "results.json").read_text(encoding="utf-8"))
    scores = {Path(s["path"]).stem: (s["status"], s["score"], s["max_score"])
              for s in results["submissions"]}
    assert scores == {name: ("graded", score, 9) for name, score in SAMPLES.items()}
    ben = {e["id"]: e for e in next(s for s in results["submissions"]
                                    if s["path"].endswith("ben.ipynb"))["exercises"]}
    assert "fraction" in ben["q1"]["feedback"]
    assert [ben[q]["status"] for q in ("q3", "q5")] == ["unanswered", "unanswered"]


@pytest.mark.slow
def test_a_solution_that_loses_a_point_when_graded_is_named(authored):
    solution = authored.folder / "solutions" / f"{LESSON}.ipynb"
    before = solution.read_text(encoding="utf-8")
    solution.write_text(before.replace('chart.set_ylabel(\\"million\\")',
                                       'chart.set_ylabel(\\"money\\")'), encoding="utf-8")
    try:
        done = subprocess.run(["coursekit", "check"], cwd=authored.folder, capture_output=True,
                              text=True, env=authored.env())
    finally:
        solution.write_text(before, encoding="utf-8")
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines()[0].startswith(
        f"lesson {LESSON} q3: the solution notebook scores 1.5 of 2: ")
    assert "million" in done.stdout.splitlines()[0]


@pytest.mark.slow
def test_the_benchmark_times_the_guide_and_gets_the_same_scores(authored):
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "new_course.py"),
                           "--venv", str(authored.venv.path)], capture_output=True, text=True,
                          env=clean_env())
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    assert re.search(r"total, coursekit new to a graded class\s+[\d.]+ s", done.stdout)
    assert done.stdout.strip().endswith("scores: " + ", ".join(
        f"{name} {score:g}/9" for name, score in SAMPLES.items())), done.stdout
