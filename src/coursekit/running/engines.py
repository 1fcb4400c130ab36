"""Ways to run a submission and read its answers: a fresh kernel each, or a fast fork each.

Both engines take the same jobs and give the same answers (plain data from
``coursekit.running.readout``); they differ in cost. ``kernel``
(``coursekit.running.kernels``) starts
a Jupyter kernel per submission with nbclient, exactly as JupyterLab would run it.
``fast`` (``coursekit.running.forks``) starts one server process that imports pandas, seaborn
and matplotlib once, then forks a fresh child per submission that runs the cells with
IPython's own shell (see ``coursekit.running._zygote``). Each yields ``(key, answers)`` or
``(key, GradingError)`` as submissions finish.

This module imports no notebook library: the kernel engine is loaded when it is used.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator

from coursekit.base.defaults import DEFAULT_ENGINE, ENGINE_NAMES
from coursekit.running import forks, sandbox
from coursekit.running.forks import run_in_forks
from coursekit.running.jobs import GradingError, Job, Outcome, Run
from coursekit.running.sandbox import SandboxOptions

__all__ = ["DEFAULT_ENGINE", "ENGINES", "GradingError", "Job", "Run", "prepare",
           "run_in_forks", "run_in_kernels", "warm_up", "workers"]

logger = logging.getLogger(__name__)


def run_in_kernels(jobs: Iterable[Job], workers: int, limits: SandboxOptions | None = None,
                   preload: tuple[str, ...] = ()) -> Iterator[Outcome]:
    """Run each job in its own fresh Jupyter kernel (see ``coursekit.running.kernels``)."""
    from coursekit.running import kernels

    return kernels.run_in_kernels(jobs, workers, limits, preload)


def workers(jobs: int | None) -> int:
    """How many submissions run at once: ``jobs``, else one per CPU."""
    return jobs or os.cpu_count() or 1


def warm_up(engine: str, workers: int, limits: SandboxOptions | None = None,
            preload: tuple[str, ...] = ()) -> None:
    """Get the engine ready for this process's next batch while the caller gets ready.

    The fast engine starts its server now (see :func:`coursekit.running.forks.warm_up`); a
    kernel cannot start before its notebook is known, so the kernel engine has nothing
    to do.
    """
    if engine == "fast":
        forks.warm_up(workers, limits, preload)


def prepare(engine: str, jobs: int | None, mode: str, memory: int | None = None,
            readable: tuple[str, ...] = (), preload: tuple[str, ...] = (),
            hidden: tuple[str, ...] = ()) -> SandboxOptions | None:
    """Choose the sandbox for this process's next batch, and warm the engine up for it.

    ``readable`` (folders the learner's code may read in the sandbox), ``hidden`` (folders
    inside them it may not) and ``preload``
    (what the fast engine imports before the first fork) come from the caller, who knows
    the courses; this wing knows none.

    Returns the limits to grade with, or None (see :func:`coursekit.running.sandbox.choose`).
    Where the sandbox may be chosen, the engine starts in it before the sandbox's probe runs,
    so that the two overlap; if the probe fails, the engine starts again without it.
    """
    count = workers(jobs)
    if mode != "off" and sandbox.installed():
        warm_up(engine, count, sandbox.limits_with(memory, readable, hidden), preload)
    chosen = sandbox.choose(mode, memory, readable, hidden)
    warm_up(engine, count, chosen, preload)  # the same server when the sandbox was chosen
    logger.info("grading with the %s engine, %d notebook(s) at a time, %s", engine, count,
                "in the sandbox" if chosen is not None else "without the sandbox")
    return chosen


#: The engines by name, for ``--engine``.
ENGINES = dict(zip(ENGINE_NAMES, (run_in_forks, run_in_kernels), strict=True))
