"""Installed as a wheel, outside any checkout, the course finds its figures and grades."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile

import pytest

from .conftest import ROOT, SOLUTIONS, clean_env, machine_points


@pytest.mark.slow
def test_the_wheel_builds_without_a_packaging_warning(project_wheel):
    log = (project_wheel.parent / "build.log").read_text(encoding="utf-8")
    assert "Successfully built" in log or project_wheel.is_file()
    warnings = [line for line in log.splitlines()
                if "Warning" in line or "is absent from the `packages`" in line]
    assert warnings == [], "\n".join(warnings)
    names = zipfile.ZipFile(project_wheel).namelist()
    assert "coursekit/exporters/templates/report.html.j2" in names
    assert "reading_numbers/data/figures.csv" in names
    wings = {name.split("/")[1] for name in names
             if name.startswith("coursekit/") and name.count("/") == 2
             and name.endswith("/__init__.py")}
    assert wings == {"authoring", "base", "cli", "exporters", "grading", "judging", "learner",
                     "model", "platforms", "running"}


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
