"""A Dask worker's side of grading on a cluster: one warm fork server per worker.

:class:`WarmForkServer` is a Dask ``WorkerPlugin``: when a worker starts (and again when its
nanny restarts it), :meth:`~WarmForkServer.setup` chooses the sandbox on that worker and
starts the fast engine's server (``coursekit.running.forks``), which imports the libraries
once; each task then hands its jobs to that server (:func:`run_here`), which forks a fresh
child per job, as on the teacher's machine. The server stays up between tasks, and a server
that stopped (a notebook killed it) is started again for the next task.

The sandbox rule is the local one, stricter: a worker grades in the sandbox unless the
teacher said ``--no-sandbox``, and a worker that cannot start it refuses every task with
:class:`~coursekit.running.sandbox.SandboxUnavailable` (``auto`` never falls back to
grading untrusted work unconfined on a machine the teacher does not see). A worker that
runs another coursekit, course or Python than the teacher's machine (its runs could differ)
refuses every task too, with :class:`WorkerMismatch` naming what differs. Either refusal is
a :class:`~coursekit.base.errors.UsageError`: it reaches the teacher as one line.

This wing knows no course: the plugin is given functions, run on the worker, that say what
the children preload and which folders they may read, and what the machine runs
(``coursekit.grading`` passes its provisions and its versions).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from distributed import WorkerPlugin, get_worker

from coursekit.base.errors import UsageError
from coursekit.running import sandbox
from coursekit.running.forks import ForkServer
from coursekit.running.jobs import Job, Outcome

if TYPE_CHECKING:
    from distributed import Worker

__all__ = ["PLUGIN", "Provisions", "WarmForkServer", "WorkerMismatch", "mismatch",
           "run_here"]

logger = logging.getLogger(__name__)

#: The plugin's name on every worker.
PLUGIN = "coursekit-fork-server"

#: What a worker's children need, found on the worker: (readable folders, hidden folders,
#: modules to preload); see ``coursekit.running.engines.prepare``.
Provisions = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]


class WorkerMismatch(UsageError, RuntimeError):
    """A worker runs another coursekit, course or Python than the teacher's machine."""


def mismatch(here: Mapping[str, str], teacher: Mapping[str, str]) -> list[str]:
    """What differs between a worker's versions and the teacher's machine's, one line each
    (none when they agree); a name only one side has is ``missing`` on the other.

    >>> for line in mismatch({"coursekit": "0.9.0", "Python": "3.11"},
    ...                      {"coursekit": "1.0.0", "Python": "3.11", "course x": "2"}):
    ...     print(line)
    coursekit 0.9.0 here, 1.0.0 on the teacher's machine
    course x missing here, 2 on the teacher's machine
    """
    names = dict.fromkeys([*teacher, *here])
    return [f"{name} {here.get(name, 'missing')} here, {teacher.get(name, 'missing')} on the "
            "teacher's machine" for name in names if here.get(name) != teacher.get(name)]


class WarmForkServer(WorkerPlugin):
    """A fork server kept warm on each worker, in the sandbox unless ``mode`` is ``off``.

    ``versions`` says what a machine runs notebooks with (names to versions): called here,
    on the teacher's machine, and again on each worker, which refuses to grade when they
    differ.
    """

    name = PLUGIN

    def __init__(self, mode: str, memory: int | None, provisions: Callable[[], Provisions],
                 versions: Callable[[], Mapping[str, str]]) -> None:
        self.mode, self.memory, self.provisions = mode, memory, provisions
        self.versions, self.teacher = versions, dict(versions())
        self._server: ForkServer | None = None
        self._refused: UsageError | None = None
        self._limits: sandbox.SandboxOptions | None = None
        self._preload: tuple[str, ...] = ()
        self._slots = 1
        self._lock: threading.Lock | None = None  # made on the worker (a lock is not sent)

    def setup(self, worker: Worker) -> None:
        """Compare this worker's versions with the teacher's, choose the sandbox here and
        start the server (it imports while tasks arrive); or refuse every task."""
        self._slots, self._lock = max(worker.state.nthreads, 1), threading.Lock()
        differs = mismatch(self.versions(), self.teacher)
        if differs:
            self._refuse(WorkerMismatch(
                f"worker {worker.address}: {'; '.join(differs)}; install the same coursekit "
                "and course wheel on the workers, under the same Python"))
            return
        readable, hidden, self._preload = self.provisions()
        try:
            self._limits = sandbox.choose("off" if self.mode == "off" else "on",
                                          self.memory, readable, hidden)
        except sandbox.SandboxUnavailable as error:
            self._refuse(sandbox.SandboxUnavailable(
                f"worker {worker.address}: cannot start the sandbox ({error}); install "
                "bubblewrap on the workers, or grade trusted work with --no-sandbox"))
            return
        self._start()

    def _refuse(self, error: UsageError) -> None:
        """From now on, every task on this worker fails with ``error``."""
        self._refused = error
        logger.error("refusing to grade: %s", error)

    def _start(self) -> ForkServer:
        self._server = ForkServer(self._slots, self._limits, self._preload)
        return self._server

    def run(self, jobs: list[Job]) -> list[Outcome]:
        """Run the jobs in this worker's server (one task at a time; the server forks
        up to one child per worker thread); start a new server if the last one stopped."""
        if self._refused is not None:  # raised afresh each time (no traceback piles up)
            raise self._refused.with_traceback(None)
        assert self._lock is not None, "the plugin runs tasks only once set up"
        with self._lock:
            server = self._server
            if server is None or not server.alive():
                if server is not None:
                    server.close()
                server = self._start()
            return list(server.serve(jobs))

    def teardown(self, worker: Worker) -> None:
        """End the server (and its sandbox) as the worker closes."""
        if self._server is not None:
            self._server.close()
            self._server = None


def run_here(jobs: list[Job]) -> list[Outcome]:
    """In a task on a worker: run the jobs in that worker's warm server."""
    plugin = get_worker().plugins[PLUGIN]
    if not isinstance(plugin, WarmForkServer):
        raise TypeError(f"the worker's plugin {PLUGIN!r} is not coursekit's fork server")
    return plugin.run(jobs)
