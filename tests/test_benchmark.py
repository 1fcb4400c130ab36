"""The class-grading benchmark runs in a small form and its runs agree (no timing asserted)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow


def test_small_benchmark_gives_identical_results_across_jobs_and_engines():
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "grade_class.py"),
                          "--students", "10", "--lesson", "02_percentages", "--check-kernel"],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stdout + run.stderr[-3000:]
    assert re.search(r"--jobs 1 and --jobs \d+ identical\s+yes", run.stdout), run.stdout
    assert re.search(r"fast and kernel engines identical\s+yes", run.stdout), run.stdout
    assert re.search(r"submissions\s+10 \(", run.stdout), run.stdout


def test_small_review_benchmark_merges_every_scored_answer():
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "review_class.py"),
                          "--students", "4", "--rounds", "1"],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stdout + run.stderr[-3000:]
    assert "every scored answer merged: yes" in run.stdout, run.stdout
