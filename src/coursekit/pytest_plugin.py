"""``pytest --grade PATH``: each exercise of each notebook becomes a test item.

Without ``--grade`` the plugin does nothing, so ``pytest`` in the course repository
runs the project's own tests. The grader (nbformat, nbclient) is imported only when
``--grade`` is given: pytest loads this plugin in every run. With ``--grade``, the
grading engine starts as pytest configures (see :func:`coursekit.running.engines.prepare`), so
its start-up overlaps pytest's collection of the notebooks. With ``--grade``, coursekit's
logged warnings (grading without the sandbox, a grading server that stopped) are written
on pytest's terminal.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from coursekit.base.defaults import (
    DEFAULT_NOTEBOOK_TIMEOUT,
    DEFAULT_TIMEOUT,
    ENGINE_NAMES,
    KEY_USE_POLICIES,
)
from coursekit.judging.status import Status

if TYPE_CHECKING:
    from _pytest._code.code import TerminalRepr, TracebackStyle  # pytest exports neither

    from coursekit.exporters import Exporter
    from coursekit.grading.identity import Roster
    from coursekit.grading.options import GradeOptions
    from coursekit.grading.results import SubmissionGrade

_GRADES: pytest.StashKey[dict[Path, SubmissionGrade]] = pytest.StashKey()
_COLLECTED: pytest.StashKey[list[Path]] = pytest.StashKey()
#: The exercises of each notebook that ran (``NOTEBOOK::q1`` runs one).
_RAN: pytest.StashKey[dict[Path, set[str]]] = pytest.StashKey()
#: The run's options, with the sandbox settled at configure.
_OPTIONS: pytest.StashKey[GradeOptions] = pytest.StashKey()
#: The --grade-export outputs: (exporter, path).
_EXPORTS: pytest.StashKey[list[tuple[Exporter, Path | None]]] = pytest.StashKey()
#: What the --grade-export outputs wrote where, for the terminal summary.
_WROTE: pytest.StashKey[list[str]] = pytest.StashKey()
#: The class's roster for the exports, or None.
_ROSTER: pytest.StashKey[Roster | None] = pytest.StashKey()

#: Each grading option's pytest flag (``--grade-...``), by the option's name.
_FLAGS = {name: f"grade_{name}" for name in ("timeout", "notebook_timeout", "engine", "jobs",
                                              "sandbox", "memory", "key_use", "variants",
                                              "variant_seed")}


def _memory(text: str) -> int:
    """Bytes from a size such as 2G, for ``--grade-memory``."""
    from coursekit.running.sandbox import parse_size

    return parse_size(text)


_WARNINGS = pytest.StashKey[logging.Handler]()  # coursekit's warnings, to the terminal


class _TerminalWarnings(logging.Handler):
    """Writes coursekit's logged warnings on pytest's terminal, one line each."""

    def __init__(self, config: pytest.Config) -> None:
        super().__init__(logging.WARNING)
        self.writer = config.get_terminal_writer()

    def emit(self, record: logging.LogRecord) -> None:
        """Write the record's message as a line."""
        self.writer.line(self.format(record))


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--grade`` and the grading options of ``coursekit grade`` to pytest.

    Each defaults to None (not given), so that a class's config file fills what is left out
    (see :mod:`coursekit.grading.config`).
    """
    group = parser.getgroup("coursekit", "grading course notebooks")
    group.addoption("--grade", action="store_true",
                    help="collect *.ipynb files as submissions and grade every exercise")
    group.addoption("--grade-timeout", type=float,
                    help=f"seconds one notebook cell may run (default {DEFAULT_TIMEOUT:g})")
    group.addoption("--grade-notebook-timeout", type=float,
                    help=f"seconds a whole notebook may run (default "
                         f"{DEFAULT_NOTEBOOK_TIMEOUT:g})")
    group.addoption("--grade-engine", choices=ENGINE_NAMES,
                    help="how each notebook runs (default: fast where the system can fork, "
                         "else kernel)")
    group.addoption("--grade-sandbox", dest="grade_sandbox", action="store_const", const="on",
                    help="run the notebooks in the bubblewrap sandbox, or stop with what is "
                         "missing (default: the sandbox wherever it can start)")
    group.addoption("--grade-no-sandbox", dest="grade_sandbox", action="store_const",
                    const="off", help="run the notebooks with your own rights")
    group.addoption("--grade-memory", type=_memory, metavar="SIZE",
                    help="memory limit of each notebook in the sandbox, e.g. 2G (default 2G)")
    group.addoption("--grade-jobs", type=int,
                    help="notebooks graded at once (default: the number of CPUs)")
    group.addoption("--grade-key-use", choices=KEY_USE_POLICIES,
                    help="code that reads the answer key is always flagged; 'zero' also "
                         f"scores the exercises it names 0 (default {KEY_USE_POLICIES[0]})")
    group.addoption("--grade-variants", type=int, metavar="N",
                    help="also run each notebook N times on perturbed figures and flag number "
                         "answers that do not follow the data (default 0)")
    group.addoption("--grade-variant-seed", type=int, metavar="SEED",
                    help="the seed the perturbed figures are drawn from (default 0)")
    group.addoption("--grade-export", action="append", default=[], metavar="NAME[:PATH]",
                    help="also write this output of the grades when the run ends, as "
                         "'coursekit grade --export' does (json:results.json, csv:FILE, "
                         "feedback:DIR, report:FILE, ...); repeat for several")


def class_settings(config: pytest.Config) -> tuple[GradeOptions, Path | None]:
    """The run's options (the ``--grade-...`` flags over the class's config file, over the
    defaults) and the class's roster for the exports, from its config file."""
    from coursekit.grading.config import read_config

    found = read_config()
    given = {name: config.getoption(flag) for name, flag in _FLAGS.items()}
    return found.grade_options(**given), found.settings.get("roster")


@pytest.hookimpl(trylast=True)  # after the terminal's, whose writer warns
def pytest_configure(config: pytest.Config) -> None:
    """With --grade: choose the sandbox, and start the grading engine while pytest collects."""
    config.stash[_GRADES] = {}
    config.stash[_COLLECTED] = []
    config.stash[_RAN] = {}
    if not config.getoption("grade", False):
        return
    from coursekit.base.imports import decline_slow_optional_imports

    decline_slow_optional_imports()
    from coursekit.exporters import parse_export
    from coursekit.grading.identity import Roster
    from coursekit.running.sandbox import SandboxUnavailable

    config.stash[_WARNINGS] = _TerminalWarnings(config)
    logging.getLogger("coursekit").addHandler(config.stash[_WARNINGS])
    try:
        options, roster = class_settings(config)
        exports = [parse_export(spec) for spec in config.getoption("grade_export")]
        config.stash[_ROSTER] = Roster.from_csv(roster) if roster and exports else None
    except ValueError as error:  # a bad flag value, config file, export or roster
        raise pytest.UsageError(f"--grade: {error}") from None
    config.stash[_EXPORTS] = exports
    try:
        config.stash[_OPTIONS] = options.prepare()
    except SandboxUnavailable as error:
        raise pytest.UsageError(f"--grade-sandbox: {error}") from None


def pytest_unconfigure(config: pytest.Config) -> None:
    """End a grading server that no notebook needed; stop writing coursekit's warnings."""
    if config.getoption("grade", False):
        from coursekit.running.forks import cool_down

        cool_down()
        if _WARNINGS in config.stash:
            logging.getLogger("coursekit").removeHandler(config.stash[_WARNINGS])


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.File | None:
    """Collect notebooks as submissions when ``--grade`` is given (never litter such as
    checkpoints or a macOS zip's ``._NAME`` files: ``find_notebooks`` drops them)."""
    from coursekit.running.notebooks import find_notebooks

    if (parent.config.getoption("grade") and file_path.suffix == ".ipynb"
            and find_notebooks([file_path])):
        return Submission.from_parent(parent, path=file_path)
    return None


class GradeFailure(Exception):
    """An exercise that is not correct; pytest shows only its feedback."""


class Submission(pytest.File):
    """One notebook. All collected notebooks are graded together, in parallel, the first
    time one of their exercises is checked; each notebook runs once."""

    def collect(self) -> Iterator[Exercise]:
        """One item per exercise of the notebook's lesson, or one that says why there are none."""
        from coursekit.grading.pipeline import lesson_of
        from coursekit.running.notebooks import NotebookError, read

        try:
            lesson = lesson_of(read(self.path), self.path)
        except (NotebookError, KeyError) as error:
            yield Exercise.from_parent(self, name="notebook", error=str(error))
            return
        self.config.stash[_COLLECTED].append(self.path)
        for exercise in lesson.exercises:
            yield Exercise.from_parent(self, name=exercise.id)

    def grade(self) -> SubmissionGrade:
        """This notebook's grade, grading it and every other collected one not yet graded."""
        from coursekit.grading.pipeline import grade_paths

        grades = self.config.stash[_GRADES]
        if self.path not in grades:
            waiting = [p for p in self.config.stash[_COLLECTED] if p not in grades]
            batch = grade_paths(waiting, self.config.stash[_OPTIONS])
            grades.update(zip(waiting, batch, strict=True))
            # pytest collects garbage as the session ends, scanning every object alive; the
            # grader's (its libraries, the course) live until the end anyway: freeze them
            gc.freeze()
        return grades[self.path]


class Exercise(pytest.Item):
    """One exercise of a submission: passes when the answer is correct."""

    def __init__(self, *, error: str | None = None, **kwargs: Any) -> None:
        # kwargs: pytest's own (name, parent, ...), passed on as pytest.Item takes them
        super().__init__(**kwargs)
        self.error = error

    def runtest(self) -> None:
        """Pass when the exercise's answer is correct (or earns all its points from a wrong
        earlier answer); skip when it waits for the teacher."""
        self.config.stash[_RAN].setdefault(self.path, set()).add(self.name)
        if self.error:
            raise GradeFailure(self.error)
        submission = self.parent
        assert isinstance(submission, Submission)  # Submission.collect makes every Exercise
        grade = submission.grade()
        if grade.status == "error":
            raise GradeFailure(grade.error)
        result = next(e for e in grade.exercises if e.id == self.name)
        if result.status is Status.NEEDS_REVIEW:
            pytest.skip(f"{_WAITING}; the machine found: {'; '.join(result.feedback.splitlines())}")
        # full credit carried forward from a wrong earlier answer passes too: in GitHub
        # Classroom a step's pass is its points (coursekit.judging.carried)
        carried_in_full = result.carried_from and result.points >= result.max_points
        if result.status is not Status.CORRECT and not carried_in_full:
            raise GradeFailure(f"{result.status}: {result.feedback}")

    def reportinfo(self) -> tuple[Path, None, str]:
        """Name the learner and the exercise in failure headers, not the test session."""
        from coursekit.grading.identity import raw_learner_id
        from coursekit.model.exercises import lessons

        learner = raw_learner_id(self.path, lessons())
        return self.path, None, f"{learner}: {self.name}"

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: TracebackStyle | None = None) -> str | TerminalRepr:
        """A failed exercise as its feedback alone; anything else as pytest shows it."""
        if isinstance(excinfo.value, GradeFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Write the ``--grade-export`` outputs of the grades, as ``coursekit grade`` does."""
    grades = session.config.stash.get(_GRADES, {})
    if not grades or not session.config.stash.get(_EXPORTS, []):
        return
    from coursekit.exporters import Batch, run_export
    from coursekit.model.exercises import lessons

    batch = Batch(list(grades.values()), session.config.stash[_ROSTER], frozenset(lessons()),
                  session.config.stash[_OPTIONS].context())
    session.config.stash[_WROTE] = [run_export(exporter, batch, path)
                                     for exporter, path in session.config.stash[_EXPORTS]]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, exitstatus: int,
                            config: pytest.Config) -> None:
    """End the run with the score of each graded notebook and the total.

    A notebook of which only some exercises ran (``NOTEBOOK::q1``, as each step of GitHub
    Classroom's workflow runs one) is scored on those, named after it: a step's score and
    the step's points agree.
    """
    grades = config.stash.get(_GRADES, {})
    if not grades:
        return
    terminalreporter.section("coursekit scores")
    score = total = 0.0
    for path, grade in grades.items():
        ran = config.stash[_RAN].get(path, set())
        shown = [e for e in grade.exercises if e.id in ran]
        name, got, out_of = path.name, grade.score, grade.max_score
        if shown and len(shown) < len(grade.exercises):
            name = f"{path.name} ({', '.join(e.id for e in shown)})"
            got, out_of = sum(e.points for e in shown), sum(e.max_points for e in shown)
        note = f"  ({grade.error})" if grade.error else ""
        terminalreporter.write_line(f"{name}: {got:g}/{out_of:g}{note}")
        score, total = score + got, total + out_of
    terminalreporter.write_line(f"total: {score:g}/{total:g}")
    _report_waiting(terminalreporter, config, grades)
    for done in config.stash.get(_WROTE, []):
        terminalreporter.write_line(f"coursekit: wrote {done}")


#: Why a written answer's test item is skipped rather than passed or failed.
_WAITING = "a written answer: waits for your teacher's review"


def _report_waiting(terminalreporter: pytest.TerminalReporter, config: pytest.Config,
                    grades: dict[Path, SubmissionGrade]) -> None:
    """List the written answers skipped because they wait for the teacher, each with why and
    what the machine's criteria found (pytest's own summary hides skip reasons)."""
    waiting = [(path, e) for path, grade in grades.items() for e in grade.exercises
               if e.status is Status.NEEDS_REVIEW and e.id in config.stash[_RAN].get(path, ())]
    if not waiting:
        return
    terminalreporter.section("coursekit: skipped, waiting for the teacher")
    for path, exercise in waiting:
        terminalreporter.write_line(f"{path.name}::{exercise.id}: {_WAITING} "
                                    f"({exercise.points:g}/{exercise.max_points:g} so far); "
                                    "the machine found:")
        for line in exercise.feedback.splitlines():
            terminalreporter.write_line(f"    {line}")
