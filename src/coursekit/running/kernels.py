"""The kernel engine: each submission runs in a fresh Jupyter kernel, as JupyterLab runs it.

nbclient drives the kernel; with sandbox limits, the kernel runs in a bubblewrap sandbox
of its own (see ``coursekit.running.sandbox``). Slower than the fast engine
(``coursekit.running.forks``),
since every kernel imports the libraries again, but it is exactly what a learner runs.
"""

from __future__ import annotations

import ast
import contextlib
import itertools
import logging
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from jupyter_client.kernelspec import KernelSpec
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError
from nbformat import NotebookNode

from coursekit.base.defaults import CELL_SKIPPED, CELL_STOPPED, GRACE
from coursekit.running import readout as _snapshot
from coursekit.running import reports, sandbox
from coursekit.running.jobs import AHEAD, CellError, GradingError, Job, Outcome, Run
from coursekit.running.notebooks import KERNEL
from coursekit.running.reports import MAX_REPORT_BYTES
from coursekit.running.snapshots import Snapshot

__all__ = ["Ran", "run_cells", "run_in_kernels"]

logger = logging.getLogger(__name__)

_SNAPSHOT_SOURCE = Path(_snapshot.__file__).read_text(encoding="utf-8")
#: The reply nbclient records for a cell it interrupted, instead of waiting for the kernel's.
_INTERRUPTED = {"ename": "KeyboardInterrupt", "evalue": "cell time limit reached",
                "traceback": []}


#: Run before any learner code: a private copy of ``_snapshot`` as a module of its own,
#: with its own copy of the builtins, kept where the probe finds it, so that patching
#: json, builtins or coursekit does not change what is read out. It binds no name in the
#: notebook's namespace.
_READER = (f"exec('import builtins, sys, types\\n"
           f"reader = types.ModuleType(\"_coursekit_reader\")\\n"
           f"reader.__builtins__ = dict(vars(builtins))\\n"
           f"exec(source, vars(reader))\\n"
           f"sys.modules[\"_coursekit_reader\"] = reader', "
           f"{{'source': {_SNAPSHOT_SOURCE!r}}})")


def _probe(names: list[str]) -> NotebookNode:
    """A cell that snapshots the answer variables with the reader made before learner code."""
    return _code_cell(
        f"__import__('sys').modules['_coursekit_reader'].dump({names!r}, globals())")


def _code_cell(source: str) -> NotebookNode:
    """A new code cell (nbformat's constructors are untyped)."""
    cell: NotebookNode = nbformat.v4.new_code_cell(source)
    return cell


def _answers_from(probe: NotebookNode, names: list[str]) -> dict[str, Snapshot]:
    """The answers the probe's cell gave: the reader's dump (a string's repr), once checked.

    A cell can replace the reader, so what comes back is only the notebook's word about its
    own answers: it is checked as the fast engine's reports are (``coursekit.running.reports``).
    """
    for output in probe.outputs:
        if output.output_type == "execute_result":
            return reports.answers_from(reports.parse(_string(output.data)), names)
    errors = [f"{o.ename}: {o.evalue}" for o in probe.outputs if o.output_type == "error"]
    raise GradingError("could not read the answers out of the kernel"
                       + (f" ({errors[0]})" if errors else ""))


def _string(data: dict[str, object]) -> str:
    """The string a cell's result shows as its repr, refused unless that is all it shows."""
    text = data.get("text/plain")
    if isinstance(text, str) and text[:1] in ("'", '"') and len(text) < 2 * MAX_REPORT_BYTES:
        with contextlib.suppress(ValueError, SyntaxError, MemoryError, RecursionError):
            value = ast.literal_eval(text)
            if isinstance(value, str):
                return value
    raise GradingError("the grader refused what this notebook's kernel reported (not the "
                       "reader's text): something in the notebook replaced what reads its "
                       "answers out")


class _MemoryLimit(Exception):
    """A cell raised MemoryError in the sandbox: it reached the memory limit."""


class _QuietClient(NotebookClient):
    """An nbclient that keeps only errors of the learner's cells and the probe's result (so a
    flood of printing, even from a replaced reader, cannot fill memory) and notes which cell
    it interrupted for its time limit."""

    sandboxed = False
    #: The position of the one cell whose result is kept (the probe's).
    keep_outputs_of: int
    #: The ids of the cells interrupted for their time limit.
    timed_out: set[int]

    async def _check_raise_for_error(self, cell: NotebookNode, cell_index: int,
                                     exec_reply: dict[str, Any] | None) -> None:
        """In the sandbox, a cell that ran out of memory ends the notebook."""
        if self.sandboxed and exec_reply and exec_reply["content"].get("ename") == "MemoryError":
            raise _MemoryLimit
        await super()._check_raise_for_error(cell, cell_index, exec_reply)

    def output(self, outs: list[NotebookNode], msg: dict[str, Any], display_id: str | None,
               cell_index: int) -> NotebookNode | None:
        """Record the probe's result, or an error; drop any other output."""
        kept = "execute_result" if cell_index == self.keep_outputs_of else "error"
        if msg["msg_type"] in (kept, "error"):
            return super().output(outs, msg, display_id, cell_index)
        return None

    async def _async_handle_timeout(self, timeout: int, cell: NotebookNode | None = None,
                                    ) -> dict[str, Any] | None:
        """Note the cell as interrupted for its time limit, then interrupt it."""
        self.timed_out.add(id(cell))
        return await super()._async_handle_timeout(timeout, cell)


def _cell_error(cell: NotebookNode, limit: int, timed_out: bool) -> str | None:
    if timed_out:
        return CELL_STOPPED.format(seconds=limit)
    for output in cell.outputs:
        if output.output_type == "error":
            lines = str(output.evalue).strip().splitlines()
            return f"{output.ename}: {lines[-1] if lines else ''}".rstrip(": ")[:300]
    return None


class _SandboxedKernelManager(AsyncKernelManager):
    """Starts the kernel inside the sandbox, talking to it over Unix sockets in one folder.

    A sandbox has no network, so the kernel's sockets are files (ZMQ's ``ipc``
    transport) in a folder both sides see; and since no signal reaches into the
    sandbox's session, interrupts go as messages on the control channel.
    """

    def __init__(self, prefix: list[str], ipc: Path, **kwargs: Any) -> None:
        super().__init__(transport="ipc", ip=str(ipc / "kernel"),
                         connection_file=str(ipc / "kernel.json"), **kwargs)
        self.prefix = prefix
        self._launched: subprocess.Popen[bytes] | None = None  # the sandbox, once started

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        """The kernel's command line, run by the sandbox's launcher (this Python's path
        resolved, as the sandbox can start it)."""
        python, *rest = super().format_kernel_cmd(extra_arguments)
        if python == sys.executable:
            python = sandbox.interpreter()
        return [*self.prefix, python, *rest]

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        """Start it with no output to the grader's terminal (the sandbox's ends there)."""
        await super()._async_launch_kernel(kernel_cmd, **{**kw, "stdout": subprocess.DEVNULL})
        # kept for its exit code (the provisioner forgets the process once it has ended)
        self._launched = getattr(self.provisioner, "process", None)

    def ended_with(self) -> int | None:
        """The exit code of the sandbox the kernel ran in, once it has ended (else None)."""
        return self._launched.poll() if self._launched is not None else None

    @property
    def kernel_spec(self) -> KernelSpec | None:
        """The kernel's spec, interrupted by message."""
        spec = super().kernel_spec
        if spec is not None:
            spec.interrupt_mode = "message"
        return spec


@dataclass(frozen=True)
class Ran:
    """A job's cells run in a kernel: the probe that asked for its answers, and the cells
    that failed."""

    probe: NotebookNode
    names: list[str]
    failed: list[CellError]

    def answers(self) -> Run:
        """The run with its answers read from the probe's output (raises GradingError if
        the notebook replaced the reader). Reading parses text with :mod:`ast`: call this on
        one thread only (CPython 3.11's ``ast`` is not safe across threads)."""
        return Run(_answers_from(self.probe, self.names), self.failed)


def run_cells(job: Job, workdir: Path, prefix: list[str] | None = None) -> Ran:
    """Run a job's cells in a fresh kernel in ``workdir``, then ask for its answers.

    A failing cell does not stop the run; a cell running past the cell time limit is
    interrupted; once the notebook's budget is spent, the remaining cells are skipped.
    Raises :class:`GradingError` if the kernel dies. With a ``prefix`` (the sandbox's
    command line), the kernel runs inside the sandbox, its sockets in ``workdir/../../ipc``.

    An interrupted cell's reply is not waited for: ipykernel can lose it when the
    interrupt lands just as the cell ends, and would then sit idle while nbclient waits
    for it forever. The probe runs next, and is answered by any kernel still alive.
    """
    cells = [_code_cell(source) for _, source in job.cells]
    probe, reader = _probe(job.names), _code_cell(_READER)
    notebook = nbformat.v4.new_notebook(cells=[*cells, probe, reader])
    client = _QuietClient(notebook, timeout=_seconds(job.cell_timeout), allow_errors=True,
                          interrupt_on_timeout=True, error_on_timeout=_INTERRUPTED,
                          kernel_name=KERNEL["name"], record_timing=False,
                          resources={"metadata": {"path": str(workdir)}})
    manager = None  # kept: nbclient forgets it once the kernel is shut down
    if prefix is not None:
        client.km = manager = _SandboxedKernelManager(prefix, workdir.parents[1] / "ipc",
                                                      kernel_name=KERNEL["name"])
        client.sandboxed = True
    client.keep_outputs_of, client.timed_out = len(cells), set()
    failed: list[CellError] = []
    index = None
    watchdog = _Watchdog(client, job.notebook_timeout + job.cell_timeout + GRACE)
    try:
        with client.setup_kernel(stderr=subprocess.DEVNULL,  # quiet start-up
                                 env={**os.environ, "COURSEKIT_GRADING": "1"}), watchdog:
            client.execute_cell(reader, len(cells) + 1)  # first, before any learner code
            budget = _Budget(job.notebook_timeout)
            for position, cell in enumerate(cells):
                index = job.cells[position][0]
                if budget.spent():
                    failed.append({"cell": index + 1, "error": CELL_SKIPPED.format(
                        seconds=job.notebook_timeout)})
                    break
                client.timeout = limit = budget.limit(job.cell_timeout)
                client.execute_cell(cell, position)
                error = _cell_error(cell, limit, id(cell) in client.timed_out)
                if error:
                    failed.append({"cell": index + 1, "error": error})
            index = None
            # no error in place of its reply: wait for it
            client.timeout, client.error_on_timeout = _seconds(job.cell_timeout), {}
            client.execute_cell(probe, len(cells))
    except _MemoryLimit:
        raise GradingError(f"the notebook reached the sandbox's memory limit while running "
                           f"cell {index}") from None
    except DeadKernelError:
        where = f"while running cell {index}" if index is not None else "reading the answers"
        if manager is not None and manager.ended_with() == sandbox.MEMORY_EXIT:
            raise GradingError(f"the notebook reached the sandbox's memory limit {where}"
                               ) from None
        if watchdog.fired:
            raise GradingError(f"the notebook ran past its time limit of "
                               f"{job.notebook_timeout:g} s and was stopped") from None
        raise GradingError(f"the kernel died {where} (a crash or an exit call in the "
                           "notebook)") from None
    return Ran(probe, job.names, failed)


class _Watchdog:
    """Kills the kernel if a notebook outlives its whole budget.

    A cell that ignores interrupts would otherwise keep the kernel busy, and nbclient
    waiting for the probe, forever; once the kernel is dead, nbclient notices and raises
    ``DeadKernelError``.
    """

    def __init__(self, client: NotebookClient, seconds: float) -> None:
        self.client, self.fired = client, False
        self.timer = threading.Timer(seconds, self._kill)
        self.timer.daemon = True

    def _kill(self) -> None:
        self.fired = True
        manager = self.client.km
        # a local kernel's process id (the provisioner's interface has none)
        pid = getattr(manager.provisioner, "pid", None) if manager is not None else None
        if pid is not None:
            with contextlib.suppress(Exception):  # the kernel may be gone already
                os.kill(pid, signal.SIGKILL)

    def __enter__(self) -> _Watchdog:
        self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.timer.cancel()


class _Budget:
    """The time a whole notebook may still take."""

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds

    def spent(self) -> bool:
        return time.monotonic() >= self.deadline

    def limit(self, cell_timeout: float) -> int:
        """The time limit for the next cell: the cell limit, or what is left if less."""
        return _seconds(min(cell_timeout, self.deadline - time.monotonic()))


def _seconds(limit: float) -> int:
    """A time limit in whole seconds, as nbclient takes it: rounded up, at least 1."""
    return max(1, int(limit + 0.999))


def run_in_kernels(jobs: Iterable[Job], workers: int,
                   limits: sandbox.SandboxOptions | None = None,
                   preload: tuple[str, ...] = ()) -> Iterator[Outcome]:
    """Run each job in its own fresh Jupyter kernel, ``workers`` kernels at a time.

    A job is taken from ``jobs`` only as a kernel comes free (at most :data:`AHEAD` per
    kernel wait), on the thread that iterates this generator: a lazy ``jobs`` is never all
    read at once.

    A kernel imports what the notebook imports, as in JupyterLab: ``preload`` is not used.

    With ``limits``, each kernel runs in a sandbox of its own (see ``coursekit.running.sandbox``).
    """
    def run(job: Job) -> Callable[[], Run]:
        with tempfile.TemporaryDirectory(prefix="coursekit-grade-") as home, \
                _kernel_sandbox(Path(home), limits) as prefix:
            workdir = Path(home) / "sandbox" / "work"  # '../' stays inside home
            workdir.mkdir(parents=True)
            return run_cells(job, workdir, prefix).answers

    source = iter(jobs)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        running = {pool.submit(run, job): job for job in itertools.islice(source, AHEAD * workers)}
        while running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                yield _outcome(running.pop(future), future.result)
            running |= {pool.submit(run, job): job for job in itertools.islice(source, len(done))}


def _outcome(job: Job, steps: Callable[[], Callable[[], Run]]) -> Outcome:
    """A job's outcome: ``steps()`` (its run in a kernel, on a pool's thread), then the
    answers read here, on the thread iterating the engine; a failure in either is this
    notebook's error, not the batch's."""
    try:
        return job.id, steps()()
    except GradingError as error:
        return job.id, error
    except Exception as error:
        logger.warning("grading job %s in a kernel failed", job.id, exc_info=True)
        return job.id, GradingError(f"the kernel failed ({type(error).__name__}: "
                                    f"{str(error)[:200]})")


@contextlib.contextmanager
def _kernel_sandbox(home: Path, limits: sandbox.SandboxOptions | None,
                    ) -> Iterator[list[str] | None]:
    """The command line that starts a kernel in a sandbox of its own, or None: no sandbox.

    The sandbox sees ``home`` (where the kernel's sockets are); inside, the launcher hides
    it behind the notebook's own /tmp, all but its ``ipc`` folder.
    """
    if limits is None:
        yield None
        return
    ipc, workdir = home / "ipc", home / "sandbox" / "work"
    ipc.mkdir()
    launch = sandbox.launcher([limits.to_json(), "/tmp", str(workdir), str(ipc), "--"])
    with sandbox.sandboxed(launch, limits, writable=[str(home)], slots=1) as prefix:
        yield prefix
