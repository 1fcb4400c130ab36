"""Installed as a wheel, outside any checkout, the course finds its figures and grades."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from .conftest import ROOT, SOLUTIONS, machine_points


@pytest.fixture(scope="module")
def wheel_venv(tmp_path_factory):
    """A fresh virtual environment with the course installed from its wheel."""
    where = tmp_path_factory.mktemp("wheel")
    dist = where / "dist"
    env = {k: v for k, v in os.environ.items()
           if k not in ("COURSEKIT_DATA", "PYTHONPATH", "VIRTUAL_ENV")}
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist),
                    str(ROOT)], check=True, env=env)
    wheel = next(dist.glob("coursekit-*.whl"))
    venv = where / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(wheel)], check=True,
                   env=env)
    return venv, env


def test_the_wheel_ships_the_data_and_grades_a_lesson(wheel_venv, tmp_path):
    venv, env = wheel_venv
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c",
         "from coursekit.model.data import data_dir, figure; print(data_dir()); "
         "print(figure('company_employees'))"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=True).stdout.split()
    assert str(venv) in where[0] and ROOT.as_posix() not in where[0]
    assert where[1] == "405.0"
    (tmp_path / "class").mkdir()
    shutil.copy(SOLUTIONS / "02_percentages.ipynb", tmp_path / "class" / "alice.ipynb")
    graded = subprocess.run([str(venv / "bin" / "coursekit"), "grade", "class", "--format",
                             "json", "--jobs", "1"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, check=True)
    submission = json.loads(graded.stdout)["submissions"][0]
    assert submission["status"] == "graded"
    assert submission["score"] == machine_points("02_percentages")
    # Installed under /tmp, which each notebook's sandbox hides: it still runs sandboxed.
    assert submission["sandboxed"] is True
