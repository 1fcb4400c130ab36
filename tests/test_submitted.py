"""Submission times from the platform: a touched file stays late when the platform says so."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
from datetime import datetime, timezone

import pytest

from coursekit.cli import app as cli
from coursekit.grading.deadlines import Deadlines, apply_lateness
from coursekit.grading.results import SubmissionGrade
from coursekit.grading.submitted import platform_time

from .conftest import LESSONS, require_in_ci

LESSON = "02_percentages"
DUE = datetime(2026, 3, 6, 23, 59, tzinfo=timezone.utc)
EARLY, LATE = "2026-03-01T10:00:00+00:00", "2026-03-08T12:00:00+00:00"


def touched(path, when: str) -> None:
    """What ``touch -d`` does: set the file's times to ``when``."""
    stamp = datetime.fromisoformat(when).timestamp()
    os.utime(path, (stamp, stamp))


def graded(path) -> SubmissionGrade:
    return SubmissionGrade(str(path), LESSON, "graded", None, 10, 10)


def late_of(path, **options):
    return apply_lateness([graded(path)], {LESSON}, deadlines=Deadlines({LESSON: DUE}),
                          **options)[0].late


def git(folder, *args, when: str = LATE) -> None:
    if shutil.which("git") is None:
        require_in_ci("git is not installed")
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when,
           "GIT_AUTHOR_NAME": "Zoë", "GIT_AUTHOR_EMAIL": "z@example.org",
           "GIT_COMMITTER_NAME": "Zoë", "GIT_COMMITTER_EMAIL": "z@example.org"}
    subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True)


def test_a_touched_canvas_file_marked_late_stays_late_with_a_deadlines_file(tmp_path):
    notebook = tmp_path / "brownzoë_LATE_4021_99001_02_percentages.ipynb"
    shutil.copy(LESSONS / f"{LESSON}.ipynb", notebook)
    touched(notebook, EARLY)
    late = late_of(notebook)
    assert (late["late"], late["source"], late["note"]) == (True, "canvas",
                                                            "marked late by Canvas")


def test_a_touched_notebook_is_late_by_its_last_commit(tmp_path):
    repo = tmp_path / "assignment-zoe"
    repo.mkdir()
    shutil.copy(LESSONS / f"{LESSON}.ipynb", repo / f"{LESSON}.ipynb")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "my work")
    touched(repo / f"{LESSON}.ipynb", EARLY)
    late = late_of(repo / f"{LESSON}.ipynb")
    assert (late["late"], late["submitted_from"]) == (True, "git")
    assert late["submitted"] == LATE and late["note"] == "late by 1 day 12 h"


def test_gradescope_metadata_gives_the_time(tmp_path):
    (tmp_path / "submission").mkdir()
    notebook = tmp_path / "submission" / "mine.ipynb"
    shutil.copy(LESSONS / f"{LESSON}.ipynb", notebook)
    touched(notebook, EARLY)
    (tmp_path / "submission_metadata.json").write_text(json.dumps({"created_at": LATE}))
    late = late_of(notebook)
    assert (late["late"], late["submitted_from"]) == (True, "gradescope")


def test_the_files_time_only_when_asked_and_with_a_warning(tmp_path, caplog):
    notebook = tmp_path / "zoe.ipynb"
    shutil.copy(LESSONS / f"{LESSON}.ipynb", notebook)
    touched(notebook, EARLY)
    with caplog.at_level(logging.WARNING):
        assert late_of(notebook) is None
    assert "1 submission(s) with a deadline but no time recorded by a platform" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        late = late_of(notebook, file_times=True)
    assert (late["late"], late["submitted_from"]) == (False, "file")
    assert "learners can set" in late["note"] and "learners can set them" in caplog.text


def test_a_learners_git_settings_start_no_program(tmp_path):
    repo = tmp_path / "assignment-mallory"
    repo.mkdir()
    (repo / "x.ipynb").write_text("{}")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "mine")
    marker = tmp_path / "ran"
    script = tmp_path / "evil.sh"
    script.write_text(f"#!/bin/sh\ntouch {marker}\nexit 1\n")
    script.chmod(0o755)
    for key, value in (("log.showSignature", "true"), ("gpg.program", str(script)),
                       ("core.pager", str(script)), ("core.fsmonitor", str(script))):
        git(repo, "config", key, value)
    assert platform_time(repo / "x.ipynb").source == "git"
    assert not marker.exists()


@pytest.mark.slow
def test_the_command_line_keeps_a_touched_late_notebook_late(tmp_path):
    repo = tmp_path / "class" / "assignment-zoe"
    repo.mkdir(parents=True)
    shutil.copy(LESSONS / f"{LESSON}.ipynb", repo / f"{LESSON}.ipynb")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "my work")
    touched(repo / f"{LESSON}.ipynb", EARLY)
    (tmp_path / "deadlines.csv").write_text(f"lesson,learner,due\n{LESSON},,{DUE.isoformat()}\n")
    assert cli.main(["grade", str(tmp_path / "class"), "--deadlines",
                     str(tmp_path / "deadlines.csv"), "--late-penalty", "10", "--jobs", "1",
                     "--export", f"json:{tmp_path / 'r.json'}"]) == 0
    late = json.loads((tmp_path / "r.json").read_text())["submissions"][0]["late"]
    assert (late["late"], late["submitted_from"]) == (True, "git")
