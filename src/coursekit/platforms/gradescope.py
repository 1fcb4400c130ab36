"""Gradescope: the autograder bundle for a lesson, and what runs inside it for each submission.

``coursekit gradescope LESSON -o autograder.zip`` writes the zip Gradescope takes: at its
root ``setup.sh`` (run once when Gradescope builds the image: a virtual environment with
the course installed from its wheel, data included) and ``run_autograder`` (run for each
submission), and the course's wheel. ``run_autograder`` calls
``coursekit gradescope LESSON --run`` with the grading options the bundle was built with
(:data:`EMBEDDED`), which grades the one notebook in ``/autograder/submission/`` and writes
``/autograder/results/results.json``. The
environment variable ``COURSEKIT_GRADESCOPE_ROOT`` stands in for ``/autograder``, so the
bundle can be tried in a folder laid out the same way.

The layout and the scripts' roles follow Gradescope's "Autograder Specifications"
(gradescope-autograders.readthedocs.io/en/latest/specs/, "File hierarchy"); the results,
:mod:`coursekit.exporters.gradescope`. Files that systems leave in a submission (a macOS
zip's ``__MACOSX/`` and ``._NAME`` files, checkpoints) are not notebooks
(:func:`coursekit.running.notebooks.find_notebooks`).
"""

from __future__ import annotations

import shlex
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coursekit.grading.deadlines import Deadlines
    from coursekit.grading.laterule import LateRule
    from coursekit.grading.options import GradeOptions
    from coursekit.grading.results import SubmissionGrade

__all__ = ["EMBEDDED", "ROOT_VARIABLE", "build_bundle", "run_autograder"]

#: The environment variable that replaces ``/autograder`` (for trying the bundle locally).
ROOT_VARIABLE = "COURSEKIT_GRADESCOPE_ROOT"
#: The grading options written into run_autograder, whatever their value: the bundle grades
#: as it was built to, wherever it runs. Each submission is one notebook graded alone, and
#: Gradescope's container has no sandbox (bubblewrap), so jobs and the sandbox are fixed.
EMBEDDED = ("timeout", "notebook_timeout", "key_use", "variants", "variant_seed")

_SETUP = """\
#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image: a virtual
# environment with the course installed from its wheel (the lessons' data is inside).
# Any python3 from 3.10 on will do: Ubuntu 22.04's (Gradescope's default image) or newer.
set -euo pipefail
ROOT="${{{var}:-/autograder}}"
if [ -z "${{{var}:-}}" ] && command -v apt-get >/dev/null; then
    apt-get update -qq
    apt-get install -y -qq python3 python3-venv python3-pip
fi
python3 -m venv "$ROOT/venv"
# The pip a venv starts with is as old as the image's Python (22.0 on Ubuntu 22.04).
"$ROOT/venv/bin/python" -m pip install --quiet --upgrade pip
"$ROOT/venv/bin/pip" install --quiet "$ROOT"/source/{wheel}
"""

_RUN = """\
#!/usr/bin/env bash
# Gradescope runs this for each submission: grade the notebook in submission/ and write
# results/results.json (coursekit {version}, lesson {lesson}).
ROOT="${{{var}:-/autograder}}"
cd "$ROOT"
exec "$ROOT/venv/bin/coursekit" gradescope {lesson} --run {flags}
"""


def _project_root() -> Path | None:
    """The checkout this coursekit runs from, if it runs from one (for building its wheel)."""
    root = Path(__file__).resolve().parents[3]
    return root if (root / "pyproject.toml").is_file() else None


def _build_wheel(where: Path) -> Path:
    """Build the course's wheel from the checkout into ``where``."""
    import subprocess

    from coursekit.exporters import ExportError

    root = _project_root()
    if root is None:
        raise ExportError("coursekit does not run from a checkout here; build the course's "
                           "wheel yourself and pass it with --wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w",
                    str(where), str(root)], check=True)
    return next(where.glob("*.whl"))


def build_bundle(lesson: str, output: Path, wheel: Path | None = None,
                 options: GradeOptions | None = None, late: LateRule | None = None) -> Path:
    """Write the autograder zip for a lesson: setup.sh, run_autograder (which grades with
    the :data:`EMBEDDED` ``options`` and takes the ``late`` rule off work submitted after
    the due date Gradescope records) and the course wheel."""
    import tempfile
    import zipfile
    from importlib.metadata import version

    from coursekit.grading.options import GradeOptions
    from coursekit.model.exercises import get_lesson

    found = get_lesson(lesson)
    flags = shlex.join([*(options or GradeOptions()).flags(EMBEDDED),
                        *(late.flags() if late else [])])
    with tempfile.TemporaryDirectory() as scratch:
        wheel = wheel or _build_wheel(Path(scratch))
        files = {
            "setup.sh": _SETUP.format(var=ROOT_VARIABLE, wheel=wheel.name),
            "run_autograder": _RUN.format(var=ROOT_VARIABLE, lesson=found.id,
                                          version=version("coursekit"), flags=flags),
        }
        output.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as bundle:
            for name, text in files.items():
                info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
                info.external_attr = 0o100755 << 16  # executable, as Gradescope runs them
                bundle.writestr(info, text)
            bundle.write(wheel, wheel.name)
    return output


def _metadata_lateness(root: Path, lesson: str) -> tuple[Deadlines | None, datetime | None]:
    """The deadline and submission time in Gradescope's ``submission_metadata.json``."""
    import json

    from coursekit.grading.deadlines import Deadlines

    try:
        metadata = json.loads((root / "submission_metadata.json").read_text(encoding="utf-8"))
        users = metadata.get("users") or [{}]
        due = ((users[0].get("assignment") or {}).get("due_date")
               or metadata["assignment"]["due_date"])
        submitted = datetime.fromisoformat(metadata["created_at"])
        deadline = datetime.fromisoformat(due)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None, None
    return Deadlines({lesson: deadline}), submitted


def run_autograder(root: Path, lesson: str, options: GradeOptions | None = None,
                   late: LateRule | None = None) -> SubmissionGrade:
    """Grade the one notebook in ``root/submission`` and write ``root/results/results.json``.

    The notebook is graded as ``lesson``, with one job and without the sandbox (see
    :data:`EMBEDDED`), and otherwise with ``options``; the ``late`` rule is taken off work
    submitted after the due date in ``submission_metadata.json``. No notebook, several
    notebooks or an unreadable one give a grade of 0 that says why.
    """
    from coursekit.exporters import Batch, get_exporter, run_export
    from coursekit.grading.deadlines import apply_lateness
    from coursekit.grading.options import GradeOptions
    from coursekit.grading.pipeline import grade_paths
    from coursekit.grading.results import SubmissionGrade
    from coursekit.model.exercises import get_lesson, lessons
    from coursekit.running.notebooks import find_notebooks

    found = get_lesson(lesson)
    submission = root / "submission"
    notebooks = find_notebooks([submission]) if submission.is_dir() else []
    if len(notebooks) != 1:
        names = ", ".join(str(p.relative_to(submission)) for p in notebooks)
        why = (f"{len(notebooks)} notebooks in your submission ({names}); upload only the one "
               "to grade" if notebooks else "no notebook (.ipynb file) in your submission; "
               f"upload your {found.id}.ipynb")
        grade = SubmissionGrade.failed(str(submission), found, why)
    else:
        alone = replace(options or GradeOptions(), lesson=found.id, jobs=1, sandbox="off")
        grade = grade_paths(notebooks, alone)[0]
        if grade.error and not grade.exercises:  # unreadable: no lesson was known
            grade = SubmissionGrade.failed(grade.path, found, grade.error)
        deadlines, submitted = _metadata_lateness(root, found.id)
        if deadlines is not None and submitted is not None:
            grade = apply_lateness([grade], frozenset(lessons()), deadlines=deadlines,
                                   late_penalty=late or 0,
                                   submitted={grade.path: submitted})[0]
    run_export(get_exporter("gradescope"), Batch([grade]), root / "results" / "results.json")
    return grade
