"""The key-free install of an assessment: built, installed in a fresh venv, and searched for
the key in every installed file."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from coursekit.cli.app import main
from coursekit.model.exercises import lessons

from .conftest import ROOT, SOLUTIONS, clean_env, run_or_fail

pytestmark = pytest.mark.slow

ASSESSED = ("02_percentages", "05_plausibility")


def key_texts() -> list[str]:
    """Text that only the key holds: each worked solution's lines, the answer functions, and
    the hints (some quote a number another exercise asks for, such as lesson 02's 88.9)."""
    texts = ["def company_share", "def station_share", "expected=company_share",
             "expected=lambda", "mistakes=(Mistake", "used(lambda"]
    for lesson in lessons().values():
        for exercise in lesson.exercises:
            texts += [line.strip() for line in exercise.solution.splitlines()
                      if len(line.strip()) > 30]
            texts += [hint for hint in exercise.hints if len(hint) > 30]
    return texts


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    """``coursekit release --assessment --key-free``: the notebooks and the wheel."""
    root = tmp_path_factory.mktemp("keyfree")
    args = ["release", "--solutions", str(SOLUTIONS), "--lessons", str(root / "exam"),
            "--assessment", "--feedback", "form", "--key-free", str(root / "dist")]
    for lesson in ASSESSED:
        args += ["--lesson", lesson]
    assert main(args) == 0
    [wheel] = (root / "dist").glob("coursekit-*+keyfree-py3-none-any.whl")
    return root, wheel


@pytest.fixture(scope="module")
def venv(released, tmp_path_factory):
    """A fresh venv with the key-free wheel installed by pip, as a learner or a hub's image
    installs it (its libraries come from the index, as for the full course)."""
    path = tmp_path_factory.mktemp("venv") / ".venv"
    run_or_fail([sys.executable, "-m", "venv", str(path)], cwd=path.parent)
    python = path / "bin" / "python"
    run_or_fail([str(python), "-m", "pip", "install", "-q", str(released[1])], cwd=path.parent)
    site = Path(run_or_fail([str(python), "-c", "import sysconfig; "
                             "print(sysconfig.get_path('purelib'))"], cwd=path.parent).strip())
    return python, site


def test_only_the_assessed_lessons_notebooks_are_released(released):
    assert sorted(p.stem for p in (released[0] / "exam").glob("*.ipynb")) == list(ASSESSED)


def test_the_wheel_holds_no_key(released):
    real = (ROOT / "src" / "reading_numbers" / "lessons" / "percentages.py").read_text("utf-8")
    assert [t for t in key_texts() if t in real], "the search finds the key where it is"
    with zipfile.ZipFile(released[1]) as wheel:
        names = wheel.namelist()
        text = "\n".join(wheel.read(n).decode("utf-8", "replace") for n in names)
    assert "reading_numbers/lessons/percentages.py" in names
    assert "reading_numbers/data/figures.csv" in names
    assert [t for t in key_texts() if t in text] == []


def test_no_installed_file_holds_the_key(venv):
    python, site = venv
    files = run_or_fail([str(python), "-c", "import importlib.metadata as m; "
                         "print('\\n'.join(str(f) for f in m.files('coursekit')))"],
                        cwd=site).split()
    assert any(f.startswith("reading_numbers/lessons/") for f in files)
    found = {f: [t for t in key_texts() if t in (site / f).read_text("utf-8", "replace")]
             for f in files if (site / f).is_file()}
    assert {f: t for f, t in found.items() if t} == {}


LEARNER = """
import importlib
import coursekit as ck
ex = ck.questions("02_percentages")
print(ex.q1.check(88.9).status.value)
print(ex.q1.check("a lot").status.value)
print(ex.q3.check("maybe").status.value)
print(ex.q1.solution().title)
print("is not shown" in str(ex.progress()))
print(ex.q1.exercise.expected, ex.q1.exercise.mistakes)
ex5 = ck.questions("05_plausibility")
from reading_numbers.lessons.plausibility import possible_daylight_candidates
print(len(possible_daylight_candidates()))
print(hasattr(importlib.import_module("reading_numbers.derived"), "company_share"))
print(ck.__file__.startswith(r"{site}"))
from coursekit.grading.pipeline import GradeOptions, grade_notebook
print("has no answer key" in grade_notebook(r"{solution}", GradeOptions(sandbox="off")).error)
"""


def test_in_the_install_checks_say_only_the_form_and_solutions_are_absent(venv, tmp_path):
    python, site = venv
    script = LEARNER.replace("{site}", str(site)).replace(
        "{solution}", str(SOLUTIONS / "02_percentages.ipynb"))
    done = subprocess.run([str(python), "-c", script],
                          cwd=tmp_path, env=clean_env(), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:-1] == [
        "needs_review", "incorrect", "incorrect", "q1: no worked solution here", "True",
        "None ()", "4", "False", "True", "True"]
