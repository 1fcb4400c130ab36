"""Data-variant grading: reproducible figures, honest work unchanged, hard-coded answers flagged."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from coursekit.grading.pipeline import GradeOptions, grade_paths
from coursekit.grading.variants import LARGEST_CHANGE, SMALLEST_CHANGE, perturbed, perturbed_figures
from coursekit.model import data
from coursekit.model.exercises import get_lesson
from coursekit.running.notebooks import find_notebooks, write

from .conftest import ROOT, SOLUTIONS, insert_after, lesson_notebook, machine_points

LESSON = get_lesson("02_percentages")


def test_perturbed_figures_are_reproducible_and_within_range():
    real = data.figures()
    first, again = perturbed_figures(real, 0, 1), perturbed_figures(real, 0, 1)
    assert first.equals(again)
    factors = first["value"] / real["value"]
    assert ((abs(factors - 1) >= SMALLEST_CHANGE - 1e-12)
            & (abs(factors - 1) <= LARGEST_CHANGE + 1e-12)).all()
    assert (factors > 1).any() and (factors < 1).any()
    assert not perturbed_figures(real, 0, 2)["value"].equals(first["value"])
    assert not perturbed_figures(real, 1, 1)["value"].equals(first["value"])
    assert first.drop(columns="value").equals(real.drop(columns="value"))


def test_perturbed_changes_figures_only_inside_the_block():
    before = data.figure("company_employees")
    with perturbed(0, 1):
        inside = data.figure("company_employees")
        assert data.figures().at["company_employees", "value"] == inside
    assert inside != before and data.figure("company_employees") == before


@pytest.fixture(scope="module")
def variant_class(tmp_path_factory):
    """Honest, typed-in and copied submissions of lesson 02, graded once and with 2 variants."""
    folder = tmp_path_factory.mktemp("variants")
    write(lesson_notebook("02_percentages.ipynb"), folder / "honest.ipynb")
    typed = insert_after(lesson_notebook("02_percentages.ipynb"), "company_share = ck.share",
                         "company_share = 88.89")
    write(typed, folder / "typed.ipynb")
    numbers = {e.answer: e.expected() for e in LESSON.exercises if e.kind == "number"}
    copied = lesson_notebook("02_percentages.ipynb")
    copied = insert_after(copied, "students_per_teacher = ck.ratio",
                          *(f"{name} = {value!r}" for name, value in numbers.items()))
    write(copied, folder / "copied.ipynb")
    paths = [folder / "honest.ipynb", folder / "typed.ipynb", folder / "copied.ipynb"]
    return (grade_paths(paths, GradeOptions(jobs=2)),
            grade_paths(paths, GradeOptions(jobs=2, variants=2)))


@pytest.mark.slow
def test_variants_change_no_grade(variant_class):
    single, varied = variant_class
    assert [(g.score, g.exercises) for g in single] == [(g.score, g.exercises) for g in varied]
    assert [g.score for g in varied] == [machine_points("02_percentages")] * 3


@pytest.mark.slow
def test_honest_work_is_not_flagged_and_hard_coded_answers_are(variant_class):
    honest, typed, copied = variant_class[1]
    assert honest.flags == []
    # q7 subtracts from the typed-in q1, so it does not follow the data either
    assert [(f["exercise"], f["reason"]) for f in typed.flags] == [("q1", "hard_coded"),
                                                                   ("q7", "hard_coded")]
    assert "stayed at 88.89" in typed.flags[0]["detail"] and typed.flags[0]["cell"]
    flagged = {f["exercise"] for f in copied.flags if f["reason"] == "hard_coded"}
    numbers = {e.id for e in LESSON.exercises if e.kind == "number"}
    assert flagged == numbers  # every figure-driven number moves in at least one variant
    assert [g.flags for g in variant_class[0]] == [[], [], []]  # no variants, no such flags


@pytest.mark.slow
def test_worked_solutions_follow_the_data_in_every_variant(graded_solutions):
    varied = grade_paths(find_notebooks([SOLUTIONS]),
                         GradeOptions(jobs=2, variants=1, variant_seed=3))
    assert [(g.path, g.score, g.exercises) for g in varied] == [
        (g.path, g.score, g.exercises) for g in graded_solutions]
    assert [g.flags for g in varied] == [[] for _ in varied]


@pytest.mark.slow
def test_the_kernel_engine_runs_variants_too(variant_class, tmp_path):
    typed = insert_after(lesson_notebook("02_percentages.ipynb"), "company_share = ck.share",
                         "company_share = 88.89")
    write(typed, tmp_path / "typed.ipynb")
    grade = grade_paths([tmp_path / "typed.ipynb"], GradeOptions(engine="kernel", variants=1))[0]
    assert grade.score == machine_points("02_percentages")
    assert next(f["exercise"] for f in grade.flags if f["reason"] == "hard_coded") == "q1"


def test_a_negative_number_of_variants_is_refused():
    with pytest.raises(ValueError, match="'variants' must be a whole number, 0 or more"):
        GradeOptions(variants=-1)


@pytest.mark.slow
def test_benchmark_measures_the_cost_of_variants():
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "grade_class.py"),
                          "--students", "6", "--variants", "1", "--jobs", "2",
                          "--rounds", "1"],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stdout + run.stderr[-3000:]
    assert re.search(r"wall time, --variants 1\s+[\d.]+ s", run.stdout), run.stdout
    assert re.search(r"ratio\s+[\d.]+x", run.stdout) and "grades identical" in run.stdout


#: Ways a notebook might tell a variant run from the real one, each answering q1 with the
#: typed-in right answer only when it believes the run is real (and computing it otherwise).
DETECTORS = {
    "module list": "'coursekit.grading.variants' not in __import__('sys').modules",
    "figure value": "ck.figure('company_employees') == 405.0",
    "replaced figures": "not __import__('coursekit.model.data', fromlist=['x'])._replaced",
    "cell history": "len(In) < 3",
}


@pytest.mark.slow
def test_a_notebook_that_detects_the_variant_run_is_still_flagged(tmp_path):
    right = LESSON.exercises[0].expected()
    paths = []
    for number, detect in enumerate(DETECTORS.values()):
        notebook = insert_after(lesson_notebook("02_percentages.ipynb"),
                                "company_share = ck.share",
                                f"company_share = {right!r} if {detect} else company_share")
        write(notebook, tmp_path / f"detects{number}.ipynb")
        paths.append(tmp_path / f"detects{number}.ipynb")
    grades = grade_paths(paths, GradeOptions(jobs=2, variants=2))
    for name, grade in zip(DETECTORS, grades, strict=True):
        assert grade.score == machine_points("02_percentages"), name
        assert ("q1", "hard_coded") in [(f["exercise"], f["reason"]) for f in grade.flags], name


FINGERPRINT = """
import hashlib, os, re, sys
from coursekit.model import data as _data
_seen = (sorted(sys.modules), [re.sub(r"[-+0-9.e]+", "0", c) for c in In[:-1]],
         sorted(_data._replaced), [str(t) for t in _data.figures().dtypes],
         sorted(os.environ), type(ck.figure('company_employees')).__name__)
students_per_teacher = float(int(hashlib.sha256(repr(_seen).encode()).hexdigest()[:12], 16))
"""


@pytest.mark.slow
def test_every_run_looks_the_same_from_inside(tmp_path, monkeypatch):
    """Modules, cells run, how the figures arrive, environment: the same in every run."""
    from coursekit.grading import pipeline

    seen: list[tuple[int, object]] = []

    def recording(lazy, *args):
        jobs = list(lazy)  # the engines take a lazy batch; this spy reads it whole
        assert sorted(job.id for job in jobs) == list(range(len(jobs)))
        heads = [re.sub(r"[-+0-9.e]+", "0", job.cells[0][1]) for job in jobs]
        assert len(set(heads)) == 1  # one first cell, whose numbers alone differ
        for id, outcome in pipeline_engine(jobs, *args):
            seen.append((id, outcome))
            yield id, outcome

    pipeline_engine = pipeline.ENGINES["fast"]
    monkeypatch.setitem(pipeline.ENGINES, "fast", recording)
    notebook = insert_after(lesson_notebook("02_percentages.ipynb"),
                            "students_per_teacher = ck.ratio", FINGERPRINT)
    write(notebook, tmp_path / "looks.ipynb")
    grade_paths([tmp_path / "looks.ipynb"], GradeOptions(jobs=2, variants=3))
    prints = {outcome.answers["students_per_teacher"]["value"] for _, outcome in seen}
    assert len(seen) == 4 and len(prints) == 1, prints
