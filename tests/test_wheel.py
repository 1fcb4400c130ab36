"""Installed as a wheel, outside any checkout, the course finds its figures and grades."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from .conftest import ROOT, SOLUTIONS, clean_env, machine_points


@pytest.mark.slow
def test_the_wheel_ships_the_data_and_grades_a_lesson(fresh_venv, tmp_path):
    venv, env = fresh_venv(), clean_env()
    where = subprocess.run(
        [str(venv.python), "-c",
         "from coursekit.model.data import data_dir, figure; print(data_dir()); "
         "print(figure('company_employees'))"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=True).stdout.split()
    assert str(venv.path) in where[0] and ROOT.as_posix() not in where[0]
    assert where[1] == "405.0"
    (tmp_path / "class").mkdir()
    shutil.copy(SOLUTIONS / "02_percentages.ipynb", tmp_path / "class" / "alice.ipynb")
    graded = subprocess.run([str(venv.bin("coursekit")), "grade", "class", "--format",
                             "json", "--jobs", "1"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, check=True)
    submission = json.loads(graded.stdout)["submissions"][0]
    assert submission["status"] == "graded"
    assert submission["score"] == machine_points("02_percentages")
    # Installed under /tmp, which each notebook's sandbox hides: it still runs sandboxed.
    assert submission["sandboxed"] is True
