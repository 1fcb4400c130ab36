"""Grade submitted notebooks: run each in a fresh process, read the answers out, check them.

The learner's code runs in its own process (a kernel, or a forked child with the fast
engine; see ``coursekit.running.engines``), in a temporary folder, with a time limit per cell
and per notebook; a failing cell does not stop the run. Answers are read out as plain
data and checked here, in the grader's process, so nothing a notebook defines can
change its own grade. Submission files are only ever read. Each notebook runs and is
judged with its lesson's course active, so notebooks of several installed courses can be
graded in one batch.
"""

from __future__ import annotations

import logging
import random
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from nbformat import NotebookNode

from coursekit.base.errors import UsageError
from coursekit.grading import provisions
from coursekit.grading.copies import answer_text
from coursekit.grading.keyuse import find_key_use, zero_key_use
from coursekit.grading.options import GradeOptions
from coursekit.grading.provisions import Work
from coursekit.grading.results import Flag, SubmissionGrade
from coursekit.grading.variants import hard_coded, run_figures
from coursekit.grading.versions import checks_hash, grader_versions, version_flags
from coursekit.judging.carried import carry_forward
from coursekit.judging.cellerrors import explain
from coursekit.judging.checking import check_snapshot
from coursekit.judging.status import Status
from coursekit.judging.written import written_snapshots
from coursekit.model.course import CourseError, find_course
from coursekit.model.data import DataError
from coursekit.model.exercises import Lesson, UnknownLessonError, get_lesson, lessons
from coursekit.running.engines import ENGINES, GradingError, Job, Run, workers
from coursekit.running.jobs import Outcome
from coursekit.running.notebooks import NotebookError, read
from coursekit.running.snapshots import Snapshot

if TYPE_CHECKING:
    from coursekit.grading.distributed import Cluster

__all__ = ["GradeOptions", "grade_notebook", "grade_paths", "grade_stream", "lesson_of"]

logger = logging.getLogger(__name__)


def lesson_of(notebook: NotebookNode, path: Path, override: str | None = None) -> Lesson:
    """The lesson a notebook belongs to: ``override``, else its metadata, else its file name."""
    if override:
        return get_lesson(override)
    declared = notebook.metadata.get("coursekit", {}).get("lesson")
    if declared:
        return get_lesson(declared)
    if path.stem in lessons():
        return get_lesson(path.stem)
    raise UnknownLessonError(
        f"{path}: cannot tell which lesson this is: it has no coursekit lesson metadata and "
        f"'{path.stem}' is not a lesson id; pass --lesson")


#: Why a notebook is not graded where the course is installed without its answer key.
_KEY_FREE = ("this install of the course has no answer key (a key-free install for an "
             "assessment): the grade comes from your teacher, who grades with the full course")


def grade_paths(paths: list[Path], options: GradeOptions | None = None,
                on_graded: Callable[[SubmissionGrade], object] | None = None,
                cluster: Cluster | None = None) -> list[SubmissionGrade]:
    """Grade notebooks with ``options`` (default: :class:`GradeOptions`' defaults, those of
    ``coursekit grade``), ``jobs`` at a time; one broken submission never stops the batch.

    Returns the grades in the order of ``paths``; ``on_graded`` is called as each
    submission finishes (for a progress bar). Whatever goes wrong with one submission (its
    run, or grading what it gave) is that submission's error; the batch always finishes.
    Code that reads the answer key is flagged (see :mod:`coursekit.grading.keyuse`); with
    ``key_use="zero"`` the exercises it names also score 0. With ``variants`` N, each
    notebook also runs N times on perturbed figures and answers that do not follow them are
    flagged (see :mod:`coursekit.grading.variants`). A notebook released from another course
    version or other figures is flagged too. In the sandbox (``coursekit.running.sandbox``),
    the learners' code runs with its limits; with ``sandbox="on"``,
    :class:`~coursekit.running.sandbox.SandboxUnavailable` is raised before anything runs if
    the sandbox cannot start here (see :meth:`GradeOptions.limits`). With ``cluster`` (a
    Dask scheduler's address or client, see :mod:`coursekit.grading.distributed`), the
    notebooks run on its workers instead, with the same results.
    """
    grades: dict[int, SubmissionGrade] = {}
    for key, grade in grade_stream(paths, options, cluster):
        grades[key] = grade
        if on_graded:
            on_graded(grade)
    return [grades[key] for key in range(len(paths))]


def grade_stream(paths: list[Path], options: GradeOptions | None = None,
                 cluster: Cluster | None = None) -> Iterator[tuple[int, SubmissionGrade]]:
    """Grade as :func:`grade_paths` does, yielding each submission's position in ``paths``
    and its grade as it finishes, in no set order.

    The notebooks are read as their runs are due (by the fast engine, a few per worker
    ahead; on a cluster, a few chunks ahead), on the thread that iterates this generator,
    and a grade is yielded and forgotten as soon as its runs are back: a caller that writes
    each grade out as it comes (see :mod:`coursekit.grading.stream`) keeps memory flat in
    the number of submissions, with either engine. If the engine stops, each notebook not
    yet read is read and failed in turn, as an error saying so.
    """
    options = options or GradeOptions()
    if cluster is None:
        sandbox = options.limits()
        batch = _Batch(options, len(paths), sandboxed=sandbox is not None)

        def runner(work: Iterable[Work]) -> Iterator[Outcome]:
            # the engines take each job on this thread, as it is due: reading a notebook
            # parses its code (ast), which must never run on two threads at once (CPython
            # 3.11: "AST constructor recursion depth mismatch")
            jobs = (item.ready() for item in work)
            return ENGINES[options.engine](jobs, workers(options.jobs), sandbox,
                                           provisions.preload())
    else:
        from coursekit.grading import distributed

        batch = _Batch(options, len(paths), sandboxed=options.sandbox != "off")

        def runner(work: Iterable[Work]) -> Iterator[Outcome]:
            return distributed.run_on_cluster(cluster, work, options, len(paths))
    early: deque[tuple[int, SubmissionGrade]] = deque()  # grades found while planning
    stopped = "the grading engine gave no result for this notebook"
    work = batch.plan(paths, early.append)
    try:
        for id, outcome in runner(work):
            yield from _drained(early)
            finished = batch.take(id, outcome)
            if finished:
                yield finished
    except UsageError:  # no cluster there, or workers that refuse: the teacher must act
        raise
    except Exception as error:  # the engine itself failed: the notebooks not graded say so
        logger.exception("the grading engine stopped")
        stopped = f"the grading engine stopped before this notebook was graded ({error})"
    for _ in work:  # the engine stopped early: each notebook not yet read fails as it is read
        yield from _drained(early)
        yield from batch.unfinished(stopped)
    yield from early
    yield from batch.unfinished(stopped)


def _drained(found: deque[tuple[int, SubmissionGrade]]) -> Iterator[tuple[int, SubmissionGrade]]:
    """The grades in ``found``, each taken out as it is yielded."""
    while found:
        yield found.popleft()


class _Batch:
    """A batch being graded: the submissions planned and waiting for their runs."""

    def __init__(self, options: GradeOptions, size: int, sandboxed: bool) -> None:
        self.options, self.sandboxed = options, sandboxed
        self.runs = options.variants + 1
        # Every run of a notebook gets a job number drawn at random, and its runs go in a
        # random order: nothing in a job tells the run on the real figures from a variant.
        self.numbers = list(range(size * self.runs))
        random.SystemRandom().shuffle(self.numbers)
        self.ids: dict[int, tuple[int, int]] = {}  # job number -> (variant number, submission)
        self.planned: dict[int, _Planned] = {}
        self.figures: dict[tuple[str, int], dict[str, float]] = {}
        self.versions: dict[str, dict[str, str]] = {}

    def versions_of(self, lesson: Lesson | None) -> dict[str, str]:
        """The versions a lesson's submissions are graded with: its course's and its
        checks', found once."""
        key = lesson.id if lesson else ""
        if key not in self.versions:
            course = find_course(lesson.course) if lesson and lesson.course else None
            self.versions[key] = grader_versions(course)
            if lesson is not None:
                self.versions[key]["checks"] = checks_hash(lesson)
        return self.versions[key]

    def finish(self, key: int, grade: SubmissionGrade,
               lesson: Lesson | None) -> tuple[int, SubmissionGrade]:
        """A submission's final grade, with the versions and mode it was graded with."""
        return key, replace(grade, versions=self.versions_of(lesson), sandboxed=self.sandboxed)

    def plan(self, paths: list[Path],
             failed: Callable[[tuple[int, SubmissionGrade]], object]) -> Iterator[Work]:
        """Read each notebook and yield the runs to make of it; a notebook that cannot be
        graded goes to ``failed`` as its grade instead."""
        options, runs = self.options, self.runs
        for key, path in enumerate(paths):
            found: Lesson | None = None
            try:
                notebook = read(path)
                found = lesson_of(notebook, path, options.lesson)
                for number in range(runs):
                    if (found.course, number) not in self.figures:
                        self.figures[found.course, number] = run_figures(
                            found.course, options.variant_seed, number)
            except (NotebookError, UnknownLessonError, CourseError, DataError) as error:
                failed(self.finish(key, SubmissionGrade.failed(str(path), found, str(error)),
                                   found))
                continue
            except Exception as error:  # planning feeds the engine: never stop it
                logger.exception("reading %s for grading failed", path)
                failed(self.finish(key, SubmissionGrade.failed(
                    str(path), found, f"the grader could not read this notebook "
                                      f"({type(error).__name__}: {str(error)[:200]})"), found))
                continue
            if found.withheld:  # coursekit.model.public: a learner's install for an assessment
                failed(self.finish(key, SubmissionGrade.failed(str(path), found, _KEY_FREE),
                                   found))
                continue
            written = [e.answer for e in found.exercises if e.kind == "written"]
            job = Job.from_notebook(key, notebook,
                                    [e.answer for e in found.exercises if e.answer not in written],
                                    options.timeout, options.notebook_timeout)
            stamp = notebook.metadata.get("coursekit", {})
            answers = written_snapshots(notebook, written, found.answer_names)
            self.planned[key] = _Planned(path, found, job, answers,
                                         version_flags(stamp, self.versions_of(found))
                                         + find_key_use(job.cells, found))
            for number in random.sample(range(runs), runs):
                id = self.numbers[key * runs + number]
                self.ids[id] = number, key
                yield Work(replace(job, id=id), found.id, self.figures[found.course, number])

    def take(self, id: int, outcome: Run | GradingError) -> tuple[int, SubmissionGrade] | None:
        """Record one run's outcome; the submission's grade once all its runs are back."""
        if id not in self.ids:  # engines bind ids themselves: never expected
            logger.warning("the grading engine gave a result for no job waiting: %r", id)
            return None
        number, key = self.ids.pop(id)
        plan = self.planned[key]
        plan.outcomes[number] = outcome
        if len(plan.outcomes) < self.runs:
            return None
        del self.planned[key]
        return self.finish(key, plan.grade_safely(self.options.key_use,
                                                  self.options.variant_seed), plan.lesson)

    def unfinished(self, why: str) -> Iterator[tuple[int, SubmissionGrade]]:
        """The submissions still waiting for a run, each as an error saying ``why``."""
        for key, plan in list(self.planned.items()):
            del self.planned[key]
            yield self.finish(key, plan.failed(why), plan.lesson)


@dataclass
class _Planned:
    """A submission being graded: its job, key-use flags, and the runs done so far."""

    path: Path
    lesson: Lesson
    job: Job
    #: The written answers, read from the notebook's Markdown rather than from a run.
    written: dict[str, Snapshot]
    flags: list[Flag]
    #: What each run gave, by variant number (0: the article's own figures).
    outcomes: dict[int, Run | GradingError] = field(default_factory=dict)

    def failed(self, error: str) -> SubmissionGrade:
        """This submission as an error (with the flags its code earned)."""
        return replace(SubmissionGrade.failed(str(self.path), self.lesson, error),
                       flags=self.flags)

    def grade_safely(self, key_use: str, seed: int) -> SubmissionGrade:
        """:meth:`grade`, or an error naming what failed while grading this submission."""
        try:
            return self.grade(key_use, seed)
        except Exception as error:  # one submission's answers must not stop the batch
            logger.exception("grading %s failed", self.path)
            return self.failed(f"the grader could not judge this notebook's answers "
                               f"({type(error).__name__}: {str(error)[:200]})")

    def grade(self, key_use: str, seed: int) -> SubmissionGrade:
        """The grade, once every run of this submission is done."""
        outcome = self.outcomes[0]
        if isinstance(outcome, GradingError):
            return self.failed(str(outcome))
        answers = {**outcome.answers, **self.written}
        judged = [check_snapshot(e, answers.get(e.answer, {"type": "missing"}))
                  for e in self.lesson.exercises]
        results = [explain(r, self.job.cells, outcome.cell_errors)
                   for r in carry_forward(judged, answers)]
        variants = {n: run.answers for n, run in self.outcomes.items()
                    if n and isinstance(run, Run)}
        flags = self.flags + hard_coded(results, answers, variants, self.job.cells, seed)
        if key_use == "zero":
            results = zero_key_use(results, flags)
        texts = {e.id: snap["value"] for e in self.lesson.exercises
                 if (snap := self.written.get(e.answer)) and snap["type"] == "text"}
        wrong = {r.exercise.id: answer_text(answers[r.exercise.answer]) for r in results
                 if r.status is Status.INCORRECT and r.exercise.answer in answers
                 and not r.carried_from
                 and not any(m.message in r.feedback for m in r.exercise.mistakes)}
        return SubmissionGrade.graded(str(self.path), self.lesson, results,
                                      outcome.cell_errors, texts, flags, wrong)


def grade_notebook(path: str | Path, options: GradeOptions | None = None) -> SubmissionGrade:
    """Grade one notebook file (by default with one job); problems become a submission with
    status ``error``."""
    return grade_paths([Path(path)], options or GradeOptions(jobs=1))[0]
