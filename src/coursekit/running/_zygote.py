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
backend), with a per-cell alarm and a whole-notebook budget, then reports the answer
variables as JSON on a pipe of its own (see :class:`_Channel`). The server prints one JSON
line per job on stdout, in the order the submissions finish: the job's id (the server's
own: nothing a child writes names a job) with the child's report as text, which the grader
checks (``coursekit.running.reports``), or with the error that says why there is none. Its
standard error is the grader's to quote when it stops early
(see ``coursekit.running.forks``): no child writes to it (each points its fds 0-2 at
/dev/null before running any learner code). If the jobs end part-way through one, it runs
none of that one, says so on standard error, finishes the others and exits with code 1.
While children run, the server reads the next job only once one is waiting on stdin, so a
caller that keeps stdin open between batches (a cluster worker's warm server, see
``coursekit.running.cluster``) gets each result as its child ends.

Only the standard library is imported before the jobs are read; the heavy imports
happen once, before the first fork. (The imports under ``TYPE_CHECKING`` are for the type
checker only, never run.)
"""

from __future__ import annotations

import builtins
import contextlib
import fcntl
import gc
import json
import math
import os
import select
import shutil
import signal
import sys
import tempfile
import time
from typing import TYPE_CHECKING, Any, NoReturn, TypedDict

if TYPE_CHECKING:  # for the type checker only: the server imports no library before its jobs
    from collections.abc import Callable, Iterable, Mapping

    from IPython.core.interactiveshell import ExecutionResult, InteractiveShell

    from coursekit.running.jobs import CellError
    from coursekit.running.sandbox import SandboxOptions

POLL = 0.02  # seconds between checks on running children
MEMORY_EXIT = 75  # how a sandboxed child ends when a cell hits the memory limit
PIPE_BYTES = 2**20  # a channel's buffer: a report this big is written without waiting


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

    def waiting(self) -> bool:
        """Whether a job (or the end of the jobs) can be read without waiting."""
        return bool(select.select([self.fd], [], [], 0)[0])

    def body(self, job: _Header) -> _Job:
        """In the child: the whole job."""
        whole: _Job = json.loads(bytes(self.buffer[:job["size"]]))
        return whole

    def wipe(self, size: int) -> None:
        """In the server, after the fork: overwrite the body."""
        self.buffer[:size] = bytes(size)


class _Channel:
    """A child's own pipe to the server, which reads what the child reports as it comes.

    Made before the fork. The child keeps only the end it writes, and closes the read ends
    of the other children's channels that it inherited, so that it can neither read nor
    hold up another child's report; the server keeps only the end it reads, and binds what
    it reads to the job it forked the child for. A child writes lines: ``cell INDEX`` as
    each cell starts, then ``result REPORT`` (its answers and failed cells, as JSON).
    """

    def __init__(self) -> None:
        self.read_end, self.write_end = os.pipe()
        self.received = bytearray()
        resize = getattr(fcntl, "F_SETPIPE_SZ", None)  # Linux only; else 64 KiB a time
        if resize is not None:
            with contextlib.suppress(OSError):  # more than this user may have: as it is
                fcntl.fcntl(self.write_end, resize, PIPE_BYTES)

    def in_child(self, others: Iterable[_Channel]) -> int:
        """In the child, before any learner code: close every read end; the end to write."""
        for channel in (self, *others):
            os.close(channel.read_end)
        return self.write_end

    def in_server(self) -> None:
        """In the server, after the fork: close the end the child writes."""
        os.close(self.write_end)
        os.set_blocking(self.read_end, False)

    def drain(self, most: int) -> bool:
        """Read what the child has written so far; whether it is more than ``most`` bytes."""
        while len(self.received) <= most:
            try:
                chunk = os.read(self.read_end, 2**16)
            except BlockingIOError:
                break
            if not chunk:
                break
            self.received += chunk
        return len(self.received) > most

    def lines(self) -> tuple[int | None, str | None]:
        """The index of the last cell the child started, and its report if it sent one.

        Raises ValueError for anything the honest child never writes (a line of another
        kind, a second report): something in the notebook wrote to the channel.
        """
        cell, report = None, None
        *lines, _ = self.received.split(b"\n")  # after the last newline: an unfinished line
        for line in lines:
            kind, _, rest = bytes(line).partition(b" ")
            if kind == b"cell" and rest.lstrip(b"-").isdigit():
                cell = int(rest)
            elif kind == b"result" and report is None:
                report = rest.decode("utf-8", errors="replace")
            else:
                raise ValueError("a second report" if kind == b"result" else
                                 f"a line of {len(line)} bytes that is neither progress nor "
                                 "a report")
        return cell, report


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


def _run_cells(job: _Job, shell: InteractiveShell, progress: Callable[[int], None],
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
        progress(index)
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
               channel: int, limits: SandboxOptions | None) -> NoReturn:
    """In the forked child: run the cells, report the answers on ``channel`` (the pipe's
    end it writes), and exit without cleanup."""
    gc.enable()  # as in a kernel, for the learner's own objects
    if limits:  # alone in its namespaces; only its own work folder stays visible
        from coursekit.running import sandbox

        sandbox.confine(limits, tempfile.gettempdir(), workdir)
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
    progress, report = _reader(snapshot_source, list(job["names"]), shell.user_ns, channel)
    report(_run_cells(job, shell, progress, limits))


def _reader(snapshot_source: str, names: list[str], namespace: Mapping[str, object],
            channel: int) -> tuple[Callable[[int], None], Callable[[list[CellError]], NoReturn]]:
    """What reports each cell as it starts, and then reads the answers out and reports them;
    made before any learner code runs.

    It keeps its own references to everything it uses (a copy of the builtins, the
    snapshot functions, write, exit), so a notebook that patches ``json``, ``builtins``,
    ``os`` or ``coursekit`` does not change what it reports. A notebook that sets out to
    can (this is its own process), but only about itself: the server binds the channel
    to its job, and the grader checks the report (``coursekit.running.reports``).
    """
    probe: dict[str, Any] = {"__name__": "_coursekit_probe",
                             "__builtins__": dict(vars(builtins))}
    exec(snapshot_source, probe)
    # readout's functions, as exec defined them in the probe
    dump: Callable[[list[str], Mapping[str, object]], str] = probe["dump"]
    to_json: Callable[[object], str] = probe["to_json"]
    write, exit_ = os.write, os._exit

    def send(line: str) -> None:
        data = memoryview(line.encode())
        while data:
            data = data[write(channel, data):]

    def progress(index: int) -> None:
        send(f"cell {index}\n")

    def report(failed: list[CellError]) -> NoReturn:
        answers = dump(names, namespace)
        send('result {"answers": ' + answers + ', "cell_errors": ' + to_json(failed) + "}\n")
        exit_(0)
    return progress, report


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
    return f"the notebook's process exited with code {os.WEXITSTATUS(status)} {where}"


def _finish(job: _Header, status: int, channel: _Channel, stopped: str | None,
            ) -> dict[str, object]:
    """A finished child's line of output: its job's id and its report as text, or why it
    has none (``stopped``: why the server killed it)."""
    if stopped:
        return {"id": job["id"], "error": stopped}
    try:
        cell, report = channel.lines()
    except ValueError as error:
        return {"id": job["id"], "error": f"the grader refused what this notebook's process "
                f"reported ({error}): something in the notebook wrote to the grader itself"}
    # A notebook past its memory limit is killed whole, perhaps after it reported: the limit
    # wins over what it reported before.
    if report is None or (os.WIFEXITED(status) and os.WEXITSTATUS(status) == MEMORY_EXIT):
        return {"id": job["id"], "error": _describe_exit(status, cell)}
    return {"id": job["id"], "report": report}


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
    from coursekit.running.reports import MAX_REPORT_BYTES

    running: dict[int, tuple[_Header, str, _Channel, float]] = {}
    pending, code = True, 0
    while pending or running:
        while pending and len(running) < workers:
            if running and not jobs.waiting():
                break  # see to the running children; the next job is read when it comes
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
            channel = _Channel()
            sys.stdout.flush()
            pid = fork()
            if pid == 0:
                try:
                    end = channel.in_child(entry[2] for entry in running.values())
                    _run_child(jobs.body(job), shell, snapshot_source, workdir, end, limits)
                finally:
                    os._exit(70)
            channel.in_server()
            jobs.wipe(job["size"])
            limit = time.monotonic() + job["notebook_timeout"] + grace
            running[pid] = (job, home, channel, limit)
        time.sleep(POLL)
        for pid, (job, home, channel, limit) in list(running.items()):
            flooded = channel.drain(MAX_REPORT_BYTES)
            done, status = os.waitpid(pid, os.WNOHANG)
            stopped = None
            if not done and (flooded or time.monotonic() > limit):
                os.kill(pid, signal.SIGKILL)
                done, status = os.waitpid(pid, 0)
                stopped = (f"the notebook wrote more than {MAX_REPORT_BYTES // 2**20} MiB to "
                           "the grader and was stopped" if flooded else
                           f"the notebook ran past its time limit of "
                           f"{job['notebook_timeout']:g} s and was stopped")
            if done:
                del running[pid]
                channel.drain(MAX_REPORT_BYTES)
                os.close(channel.read_end)
                print(json.dumps(_finish(job, status, channel, stopped)), flush=True)
                shutil.rmtree(home, ignore_errors=True)
    return code


if __name__ == "__main__":
    code = main(int(sys.argv[1]), float(sys.argv[2]), json.loads(sys.argv[3]), *sys.argv[4:])
    sys.stdout.flush()
    os._exit(code)  # nothing left to finalize: skip tearing down the libraries (about 0.25 s)
