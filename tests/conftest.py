"""Shared fixtures and helpers: the repository's folders, graded copies of every lesson, the
rule that CI may not skip a test, and one built wheel and fresh venv for the whole session.

How the suite runs (README: "Run the project's tests"): ``pytest`` spreads whole test files
over one worker process per CPU (pytest-xdist; see :func:`pytest_cmdline_main`), and
``pytest -m "not slow"`` leaves out the tests marked ``slow`` (fresh installs, browsers, a
JupyterHub, benchmarks, whole classes graded twice) for a quick loop while editing.

Fresh installs are expensive, so tests share them: :func:`project_wheel` is this repository's
wheel and :func:`fresh_venv` a virtual environment with the course installed as a learner
installs it, each made once per session by whichever worker asks first (a file lock makes the
others wait and reuse it).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest

from coursekit.grading.pipeline import grade_paths
from coursekit.running.notebooks import find_notebooks

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
LESSONS = ROOT / "lessons"
FIXTURES = Path(__file__).parent / "fixtures"

pytest_plugins = ["pytester"]


# -- how the suite runs ---------------------------------------------------------------------

@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    """Run the suite in one worker per usable CPU (pytest-xdist), whole files per worker.

    Only for the whole suite or folders of it (``pytest``, ``pytest -m "not slow"``): named
    files or tests run in one process, which starts seconds sooner. An explicit ``-n``
    (``-n 0``: one process), ``--dist``, ``-p no:xdist``, ``--pdb`` or ``--collect-only``
    wins. Set here rather than in pyproject.toml's ``addopts``: a learner's ``pytest
    --grade`` reads that file too, and the course install has no pytest-xdist. Files, not
    single tests, go to a worker, so that a module's fixtures (a browser, a JupyterHub, a
    class graded once) are made once.
    """
    option = config.option
    if hasattr(config, "workerinput"):  # a worker (xdist calls this hook there too)
        return
    if (getattr(option, "numprocesses", 0) is not None or getattr(option, "dist", "") != "no"
            or option.collectonly or option.usepdb):
        return
    here = config.invocation_params.dir
    if config.args_source is pytest.Config.ArgsSource.ARGS and not any(
            (here / arg.split("::")[0]).is_dir() for arg in config.args):
        return
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if cpus and cpus > 1:
        option.numprocesses, option.dist = cpus, "loadfile"
        option.loadscopereorder = False  # keep the order of pytest_collection_modifyitems


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the files that hold slow tests first, in their usual order, then the others.

    Workers take files in this order, so the long ones start early and quick files fill the
    end: no worker is left alone with a long file while the others wait.
    """
    slow_files = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow_files)  # a stable sort


def pytest_terminal_summary(terminalreporter) -> None:
    """Print the lines tests record as ``summary`` (the written corpus's agreement per
    exercise): recorded on the report, they reach the summary from every xdist worker."""
    lines = [value for reports in terminalreporter.stats.values() for report in reports
             for name, value in getattr(report, "user_properties", ()) if name == "summary"]
    if lines:
        terminalreporter.write_sep("-", "summary lines recorded by tests")
        for line in sorted(set(lines)):
            terminalreporter.write_line(line)


def in_ci() -> bool:
    """Whether the tests run in CI: the variable ``CI`` is 1, true or yes (any case).

    CI services set it, and so does ``.ci/run``.
    """
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def require_in_ci(reason: str) -> NoReturn:
    """End a test that cannot run here for ``reason`` (a tool or a system part is missing).

    On a contributor's machine the test is skipped; in CI (:func:`in_ci`) it fails, since CI
    must run every test.
    """
    if in_ci():
        pytest.fail(f"CI must run this test, but it cannot run here: {reason}", pytrace=False)
    pytest.skip(reason)


# -- graded lessons and submissions ---------------------------------------------------------

@pytest.fixture(scope="session")
def graded_solutions():
    """Every solution notebook, graded once for the whole test session."""
    return grade_paths(find_notebooks([SOLUTIONS]))


@pytest.fixture(scope="session")
def graded_lessons():
    """Every released lesson notebook, as a learner first gets it, graded once."""
    return grade_paths(find_notebooks([LESSONS]))


def lesson_notebook(name: str):
    """A fresh in-memory copy of a solution notebook, to build test submissions from."""
    from coursekit.running.notebooks import read

    return read(SOLUTIONS / name)


def insert_after(notebook, marker: str, *sources: str):
    """Insert code cells after the first cell whose source contains marker."""
    from nbformat.v4 import new_code_cell

    index = next(i for i, c in enumerate(notebook.cells) if marker in c.source)
    for offset, source in enumerate(sources, start=1):
        cell = new_code_cell(source)
        cell.id = f"inserted-{index}-{offset}"
        notebook.cells.insert(index + offset, cell)
    return notebook


def fake_distribution(where: Path, name: str, entry_point: str) -> None:
    """Register ``entry_point`` under ``coursekit.courses`` the way pip's metadata would
    (a ``.dist-info`` folder in ``where``, which must be on ``sys.path``)."""
    info = where / f"{name}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n",
                                   encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[coursekit.courses]\n{entry_point}\n",
                                           encoding="utf-8")


def machine_points(lesson_id: str) -> float:
    """What a worked solution of a lesson scores before the teacher scores written answers."""
    from coursekit.model.exercises import get_lesson

    lesson = get_lesson(lesson_id)
    return lesson.max_score - sum(c.points for e in lesson.exercises for c in e.rubric
                                  if c.by_teacher)


# -- fresh installs, shared by the session ---------------------------------------------------

def quickstart_commands() -> list[str]:
    """The README's two quickstart commands: the learner's (course) and the contributor's."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```\n\s*(.+?)\n\s*```", section)


def learner_install_command() -> str:
    """The README's course command without its last step (``jupyter lab lessons/``)."""
    return quickstart_commands()[0].rsplit(" && ", 1)[0]


def clean_env() -> dict[str, str]:
    """The environment without this checkout's traces (no PYTHONPATH, active venv,
    COURSEKIT_COURSE or COURSEKIT_DATA): for programs of a fresh install."""
    return {k: v for k, v in os.environ.items()
            if k not in ("COURSEKIT_COURSE", "COURSEKIT_DATA", "PYTHONPATH", "VIRTUAL_ENV")}


def run_or_fail(command: list[str] | str, cwd: Path) -> str:
    """Run an install step (a shell command if a string) in :func:`clean_env`; its output.

    Fails the test with the step's own output if the step fails.
    """
    done = subprocess.run(command, cwd=cwd, env=clean_env(), shell=isinstance(command, str),
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.fail(f"{command} in {cwd} failed ({done.returncode}):\n"
                    f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}", pytrace=False)
    return done.stdout


def made_once(tmp_path_factory: pytest.TempPathFactory, name: str,
              make: Callable[[Path], None]) -> Path:
    """The folder ``name``, filled by ``make(folder)`` once per session for all workers.

    It lies in the session's temporary folder that every xdist worker shares. The first
    worker to ask makes it while holding a file lock; the others wait, then reuse it. A
    ``make`` that fails leaves no folder behind, so the next asker tries again.
    """
    from filelock import FileLock

    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):  # each worker's basetemp is inside the session's
        shared = shared.parent
    folder, done = shared / name, shared / f"{name}.done"
    with FileLock(shared / f"{name}.lock"):
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            try:
                make(folder)
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)
                raise
            done.touch()
    return folder


@pytest.fixture(scope="session")
def course_copy(tmp_path_factory) -> Path:
    """The repository's tracked files (``git ls-files``, as they are now in the work tree),
    copied once per session: the course as a fresh clone holds it, without build leftovers.

    :func:`project_wheel` is built in it (its ``build/``) and :func:`fresh_venv` made in it
    (its ``.venv``); tests only read it.
    """
    def copy(course: Path) -> None:
        files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                               check=True).stdout.decode().split("\0")
        for name in filter(None, files):
            if (ROOT / name).is_file():  # a tracked file deleted in the work tree is gone
                (course / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / name, course / name)

    return made_once(tmp_path_factory, "course", copy)


@pytest.fixture(scope="session")
def project_wheel(course_copy, tmp_path_factory) -> Path:
    """This repository's wheel, ``coursekit-<version>-py3-none-any.whl``: a :class:`Path`.

    Built once per session (``pip wheel --no-deps``) from :func:`course_copy`, shared by
    every worker; what the build printed is kept beside it in ``build.log``. Read it, copy
    it, install it into a venv of your own; do not change it.
    """
    def build(dist: Path) -> None:
        done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "-w",
                               str(dist), str(course_copy)], cwd=course_copy, env=clean_env(),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        (dist / "build.log").write_text(done.stdout, encoding="utf-8")
        if done.returncode != 0:
            pytest.fail(f"building the wheel failed:\n{done.stdout[-3000:]}", pytrace=False)

    return next(made_once(tmp_path_factory, "wheel", build).glob("coursekit-*.whl"))


@dataclass(frozen=True)
class Venv:
    """A virtual environment made by the tests, outside this checkout's .venv."""

    path: Path

    @property
    def python(self) -> Path:
        """Its Python interpreter."""
        return self.path / "bin" / "python"

    def bin(self, name: str) -> Path:
        """One of its programs, such as ``coursekit``, ``pytest`` or ``pip``."""
        return self.path / "bin" / name

    def site_packages(self) -> Path:
        """Where its distributions are installed."""
        return Path(run_or_fail([str(self.python), "-c", "import sysconfig; "
                                 "print(sysconfig.get_path('purelib'))"], cwd=self.path).strip())


@pytest.fixture(scope="session")
def fresh_venv(course_copy, project_wheel, tmp_path_factory) -> Callable[..., Venv]:
    """A factory: ``fresh_venv(*requirements: str | Path) -> Venv``, each made once a session.

    ``fresh_venv()`` is the course as a learner installs it: the README's course command
    (:func:`learner_install_command`: ``python3 -m venv .venv && .venv/bin/pip install .``)
    run in :func:`course_copy`, so :class:`Venv` ``.path`` is ``course_copy / ".venv"`` and
    it holds the same build as :func:`project_wheel`, not editable. Share it: never install
    into it.

    ``fresh_venv(*requirements)`` (pip requirements, or paths of wheels and project folders)
    is a venv of its own with :func:`project_wheel` and these installed by pip, as a teacher
    would install another course beside this one. (A venv layered on the shared one through
    a ``.pth`` file would be quicker, but the sandbox shows the learner's code only the
    grader's own Python prefix, so it is not a fresh venv as a teacher has one.) The same
    requirements give the same venv for the rest of the session.

    Run its programs with :func:`clean_env` as environment.
    """
    def learner_venv() -> Venv:
        # needs project_wheel built first: two builds must not share course_copy's build/
        venv = made_once(tmp_path_factory, f"{course_copy.name}/.venv", lambda _: run_or_fail(
            learner_install_command(), cwd=course_copy))
        return Venv(venv)

    def make(*requirements: str | Path) -> Venv:
        if not requirements:
            return learner_venv()
        wanted = [str(r) for r in requirements]
        key = hashlib.sha256("\n".join(wanted).encode()).hexdigest()[:12]
        return Venv(made_once(tmp_path_factory, f"venv-{key}",
                              lambda path: _install(Venv(path), [str(project_wheel), *wanted])))

    return make


def _install(venv: Venv, requirements: list[str]) -> None:
    """Make a fresh venv at ``venv.path`` and install the requirements into it with pip."""
    run_or_fail([sys.executable, "-m", "venv", str(venv.path)], cwd=venv.path.parent)
    run_or_fail([str(venv.python), "-m", "pip", "install", "-q", *requirements],
                cwd=venv.path)
