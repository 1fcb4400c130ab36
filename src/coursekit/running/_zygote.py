"""The fast grading engine's server: import the heavy libraries once, fork per submission.

Started by ``coursekit.running.forks`` as
``python -m coursekit.running._zygote WORKERS GRACE PRELOAD [LIMITS]``
(GRACE: seconds past a notebook's time limit before its process is killed; PRELOAD: a JSON
list of the modules to import before the first fork, ``module:function`` entries also
calling that function once, absolute paths put first on ``sys.path``; LIMITS: the
sandbox's options as JSON, when the server runs in the sandbox). The caller says what to
preload: this module knows no course. It reads
jobs from stdin until EOF (see :class:`_Jobs`) and runs them, at most WORKERS at a time, each in
a freshly forked child that has never run learner code. A child runs the cells in an
IPython shell (the same machinery a kernel uses, with the same inline matplotlib
backend), with a per-cell alarm and a whole-notebook budget, then writes the answer
variables as JSON. The server prints one JSON result per line on stdout, in the order
the submissions finish. Its standard error is the grader's to quote when it stops early
(see ``coursekit.running.forks``): no child writes to it (each points its fds 0-2 at
/dev/null before running any learner code). If the jobs end part-way through one, it runs
none of that one, says so on standard error, finishes the others and exits with code 1.

Only the standard library is imported before the jobs are read; the heavy imports
happen once, before the first fork. (The imports under ``TYPE_CHECKING`` are for the type
checker only, never run.)
"""

from __future__ import annotations

import builtins
import errno
import gc
import json
import math
import os
import shutil
import signal
import sys
import tempfile
import time
from typing import TYPE_CHECKING, Any, NoReturn, TypedDict

if TYPE_CHECKING:  # for the type checker only: the server imports no library before its jobs
    from collections.abc import Callable, Mapping

    from IPython.core.interactiveshell import ExecutionResult, InteractiveShell

    from coursekit.running.jobs import CellError
    from coursekit.running.sandbox import SandboxOptions

POLL = 0.02  # seconds between checks on running children
MEMORY_EXIT = 75  # how a sandboxed child ends when a cell hits the memory limit
DISK_EXIT = 76  # how a child ends when its work folder is too full to write its answers


class _Header(TypedDict):
    """A job's header line, which the server reads (see :class:`_Jobs`)."""

    id: int
    notebook_timeout: float
    size: int


class _Job(TypedDict):
    """A whole job, which only its child reads: ``coursekit.running.jobs.Job`` as JSON."""

    id: int
    cells: list[tuple[int, str]]  # JSON arrays of two: the cell's index, its source
    names: list[str]
    cell_timeout: float
    notebook_timeout: float


class _Discard:
    """A text stream that drops what is written, so printed output never fills memory."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        """Drop the text; say it was all written."""
        return len(text)

    def flush(self) -> None:
        """Nothing to flush."""

    def isatty(self) -> bool:
        """Not a terminal."""
        return False

    def fileno(self) -> int:
        """Standard output's descriptor (which points at /dev/null in a child)."""
        return 1


class _Jobs:
    """The jobs on stdin, read one at a time, so that no child inherits another's cells.

    Each job is a JSON header line (id, notebook_timeout, size) and then ``size`` bytes of
    the job as JSON. The server reads only headers; the body goes into one reused
    buffer, which the child parses after the fork and the server then wipes, so no
    trace of a submission stays in the memory that the next children are forked from.
    """

    def __init__(self, fd: int = 0) -> None:
        self.fd = fd  # standard input, where the grader writes the jobs
        self.buffer = bytearray(2**20)

    def next(self) -> _Header | None:
        """The next job's header, its body read into the buffer; None after the last.

        Raises EOFError if the input ends inside a job: a truncated job is never run.
        """
        header = bytearray()
        while not header.endswith(b"\n"):
            byte = os.read(self.fd, 1)
            if not byte:
                if header:
                    raise EOFError(f"the jobs ended inside a header ({len(header)} bytes)")
                return None
            header += byte
        job: _Header = json.loads(header)
        if job["size"] > len(self.buffer):
            self.wipe(len(self.buffer))
            self.buffer = bytearray(job["size"])
        view, done = memoryview(self.buffer), 0
        while done < job["size"]:
            read = os.readv(self.fd, [view[done:job["size"]]])
            if not read:
                self.wipe(done)
                raise EOFError(f"the jobs ended inside job {job['id']} ({done} of its "
                               f"{job['size']} bytes)")
            done += read
        return job

    def body(self, job: _Header) -> _Job:
        """In the child: the whole job."""
        whole: _Job = json.loads(bytes(self.buffer[:job["size"]]))
        return whole

    def wipe(self, size: int) -> None:
        """In the server, after the fork: overwrite the body."""
        self.buffer[:size] = bytes(size)


def _interrupt(signum: int, frame: object) -> NoReturn:
    """The cell time limit's alarm: stop the cell as a kernel's interrupt does."""
    raise KeyboardInterrupt("cell time limit reached")


def _cell_limit(cell_timeout: float, remaining: float) -> int:
    """The time limit for the next cell in whole seconds, as the kernel engine sets it."""
    return max(1, math.ceil(min(cell_timeout, remaining)))


def _no_raw_input(*args: object, **kwargs: object) -> NoReturn:
    """input() as a Jupyter kernel without a front end answers it."""
    from IPython.core.error import StdinNotImplementedError

    raise StdinNotImplementedError("raw_input was called, but this frontend does not support "
                                   "input requests.")


def _error_text(error: BaseException) -> str:
    """An exception as a notebook shows its last line: 'NameError: name 'x' is not defined'."""
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[-1] if lines else ''}".rstrip(": ")[:300]


def _run_cells(job: _Job, shell: InteractiveShell, progress_path: str,
               limits: SandboxOptions | None) -> list[CellError]:
    """Run the cells with their time limits; return the cells that failed, as the kernel would."""
    from coursekit.base.defaults import CELL_SKIPPED, CELL_STOPPED

    failed: list[CellError] = []
    deadline = time.monotonic() + job["notebook_timeout"]
    for index, source in job["cells"]:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            failed.append({"cell": index + 1,
                           "error": CELL_SKIPPED.format(seconds=job["notebook_timeout"])})
            break
        with open(progress_path, "w") as progress:
            progress.write(str(index))
        limit = _cell_limit(job["cell_timeout"], remaining)
        try:  # an alarm landing outside the learner's code, even in the finally, ends here
            try:
                signal.setitimer(signal.ITIMER_REAL, limit)
                outcome: ExecutionResult = shell.run_cell(source, store_history=True)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            error = outcome.error_before_exec or outcome.error_in_exec
        except BaseException as raised:
            error = raised
        if limits and isinstance(error, MemoryError):
            os._exit(MEMORY_EXIT)
        if isinstance(error, KeyboardInterrupt):
            failed.append({"cell": index + 1, "error": CELL_STOPPED.format(seconds=limit)})
        elif error is not None:
            failed.append({"cell": index + 1, "error": _error_text(error)})
        if shell.exit_now:  # exit() or quit(): a kernel shuts down here, and so do we
            os._exit(0)
    return failed


def _run_child(job: _Job, shell: InteractiveShell, snapshot_source: str, workdir: str,
               result_path: str, limits: SandboxOptions | None) -> NoReturn:
    """In the forked child: run the cells, write the answers, and exit without cleanup."""
    gc.enable()  # as in a kernel, for the learner's own objects
    if limits:  # alone in its namespaces; only its own work and result folders stay visible
        from coursekit.running import sandbox

        sandbox.confine(limits, tempfile.gettempdir(), workdir,
                        outputs=os.path.dirname(result_path))
    os.chdir(workdir)
    # Before any learner code: nothing it prints reaches the server's stdout (the results)
    # or stderr (whose last lines the grader quotes when the server stops early).
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    sys.stdin = open(os.devnull)  # noqa: SIM115 (open until the child exits)
    builtins.input = _no_raw_input
    sys.stdout = sys.stderr = _Discard()
    signal.signal(signal.SIGALRM, _interrupt)
    report = _reader(snapshot_source, list(job["names"]), shell.user_ns, result_path)
    report(_run_cells(job, shell, result_path + ".cell", limits))


def _reader(snapshot_source: str, names: list[str], namespace: Mapping[str, object],
            result_path: str) -> Callable[[list[CellError]], NoReturn]:
    """What reads the answers out and reports them, made before any learner code runs.

    It keeps its own references to everything it uses (a copy of the builtins, the
    snapshot functions, open, rename, exit), so a notebook that patches ``json``,
    ``builtins``, ``os`` or ``coursekit`` cannot change what it reports.
    """
    probe: dict[str, Any] = {"__name__": "_coursekit_probe",
                             "__builtins__": dict(vars(builtins))}
    exec(snapshot_source, probe)
    # readout's functions, as exec defined them in the probe
    dump: Callable[[list[str], Mapping[str, object]], str] = probe["dump"]
    to_json: Callable[[object], str] = probe["to_json"]
    open_, rename, exit_ = builtins.open, os.rename, os._exit

    def report(failed: list[CellError]) -> NoReturn:
        answers = dump(names, namespace)
        with open_(result_path + ".tmp", "w", encoding="utf-8") as result:
            result.write('{"answers": ' + answers + ', "cell_errors": ' + to_json(failed) + "}")
        rename(result_path + ".tmp", result_path)
        exit_(0)
    return report


def _prepare(preload: list[str]) -> tuple[InteractiveShell, str]:
    """Import what lessons use (``preload``) and make the shell that every child starts from.

    The imports fill ``sys.modules`` only: the shell's namespace stays as fresh as a new
    kernel's. Matplotlib uses the kernel's inline backend, set up here once; figures are
    not rendered to PNG, since no one will see them and answers never depend on pixels.
    """
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False
    config.InlineBackend.figure_formats = set()

    class Shell(InteractiveShell):
        def ask_exit(self) -> None:  # what exit() calls; a kernel's shell defines it the same way
            self.exit_now = True

    shell = Shell.instance(config=config)
    import importlib

    import matplotlib_inline.backend_inline  # noqa: F401  (hooks into the shell, as a kernel's)

    import coursekit.running.readout

    for entry in preload:
        if os.path.isabs(entry):  # a folder to import from before the rest (sys.path's first)
            sys.path.insert(0, entry)
            continue
        module, _, function = entry.partition(":")
        imported = importlib.import_module(module)
        if function:
            getattr(imported, function)()
    with open(coursekit.running.readout.__file__, encoding="utf-8") as stream:
        return shell, stream.read()


def _describe_exit(status: int, cell: int | None) -> str:
    """Why a child ended without its answers, from its wait status and the cell it was in."""
    where = f"while running cell {cell}" if cell is not None else "before reporting its answers"
    if os.WIFSIGNALED(status):
        name = signal.Signals(os.WTERMSIG(status)).name
        return f"the notebook's process was killed by {name} {where} (a crash or a kill)"
    if os.WEXITSTATUS(status) == MEMORY_EXIT:
        return f"the notebook reached the sandbox's memory limit {where}"
    if os.WEXITSTATUS(status) == DISK_EXIT:
        return f"the notebook filled its work folder (the sandbox's disk limit) {where}"
    return f"the notebook's process exited with code {os.WEXITSTATUS(status)} {where}"


def _finish(job: _Header, status: int, result_path: str, timed_out: bool) -> dict[str, object]:
    """A finished child's line of output: its answers and failed cells, or why it has none."""
    cell = None
    try:
        with open(result_path + ".cell") as progress:
            cell = int(progress.read())
    except (OSError, ValueError):
        pass
    if timed_out:
        return {"id": job["id"], "error": f"the notebook ran past its time limit of "
                f"{job['notebook_timeout']:g} s and was stopped"}
    try:
        with open(result_path, encoding="utf-8") as result:
            return {"id": job["id"], **json.load(result)}
    except (OSError, ValueError):
        return {"id": job["id"], "error": _describe_exit(status, cell)}


def main(workers: int, grace: float, preload: list[str], limits: str | None = None) -> int:
    """Read the jobs and run them in forked children, WORKERS at a time; return the exit code.

    A child still running GRACE seconds past its notebook's time limit is killed.
    """
    gc.disable()  # no collections while importing; the imported objects are kept for good
    jobs = _Jobs()
    shell, snapshot_source = _prepare(preload)
    gc.freeze()  # children neither scan nor touch these objects (see gc.freeze's docs)
    fork: Callable[[], int] = os.fork
    options = None
    if limits:
        from coursekit.running import sandbox

        options, fork = sandbox.SandboxOptions.from_json(limits), sandbox.fork_patiently
        sandbox.hide_memory()
    scratch = tempfile.mkdtemp(prefix="coursekit-fast-")  # private to this user (0700)
    try:
        return _run_all(jobs, workers, grace, options, fork, shell, snapshot_source, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _run_all(jobs: _Jobs, workers: int, grace: float, limits: SandboxOptions | None,
             fork: Callable[[], int], shell: InteractiveShell, snapshot_source: str,
             scratch: str) -> int:
    """Fork a child per job, WORKERS at a time; delete each one's files as soon as it ends.

    Returns the exit code: 0, or 1 if the jobs ended part-way through one (not run).
    """
    running: dict[int, tuple[_Header, str, str, float]] = {}
    pending, code = True, 0
    while pending or running:
        while pending and len(running) < workers:
            try:
                job = jobs.next()
            except EOFError as error:
                print(f"coursekit grading server: {error}; that job was not run",
                      file=sys.stderr, flush=True)
                job, code = None, 1
            if job is None:
                pending = False
                break
            home = tempfile.mkdtemp(dir=scratch)
            workdir = os.path.join(home, "sandbox", "work")  # '../' stays inside home
            os.makedirs(workdir)
            os.makedirs(os.path.join(home, "out"))
            result_path = os.path.join(home, "out", "result")
            sys.stdout.flush()
            pid = fork()
            if pid == 0:
                try:
                    _run_child(jobs.body(job), shell, snapshot_source, workdir, result_path,
                               limits)
                except OSError as error:  # no room left for its progress or answers
                    os._exit(DISK_EXIT if error.errno == errno.ENOSPC else 70)
                finally:
                    os._exit(70)
            jobs.wipe(job["size"])
            limit = time.monotonic() + job["notebook_timeout"] + grace
            running[pid] = (job, home, result_path, limit)
        time.sleep(POLL)
        for pid, (job, home, result_path, limit) in list(running.items()):
            done, status = os.waitpid(pid, os.WNOHANG)
            timed_out = False
            if not done and time.monotonic() > limit:
                os.kill(pid, signal.SIGKILL)
                done, status = os.waitpid(pid, 0)
                timed_out = True
            if done:
                del running[pid]
                print(json.dumps(_finish(job, status, result_path, timed_out)), flush=True)
                shutil.rmtree(home, ignore_errors=True)
    return code


if __name__ == "__main__":
    code = main(int(sys.argv[1]), float(sys.argv[2]), json.loads(sys.argv[3]), *sys.argv[4:])
    sys.stdout.flush()
    os._exit(code)  # nothing left to finalize: skip tearing down the libraries (about 0.25 s)
