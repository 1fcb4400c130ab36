"""The fast engine: one server imports the libraries once, then forks a fresh child per job.

The server (``coursekit.running._zygote``) spends about a second importing pandas, seaborn and
matplotlib before it can run anything. :func:`warm_up` starts it before the jobs are
known, so that this overlaps the caller's own start-up (importing the grader, reading
the notebooks); the next :func:`run_in_forks` with the same workers and limits then
uses it. This module imports only the standard library and small modules of this wing
(``sandbox``, ``jobs``, ``reports``), so a caller can warm up first thing.

Each line the server prints gives a job's id, bound by the server, and its child's report,
which is believed only once ``coursekit.running.reports`` has checked it for that job.

The server's standard error is kept (its last lines, see :class:`_Tail`): when it stops
before a notebook was graded, that notebook's error says why, e.g. "... before this notebook
was graded: ModuleNotFoundError: No module named 'seaborn'", and the whole tail is logged.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import json
import logging
import os
import queue
import subprocess
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from typing import IO

from coursekit.base.defaults import GRACE
from coursekit.running import reports, sandbox
from coursekit.running.jobs import AHEAD, GradingError, Job, Outcome, Run

__all__ = ["ForkServer", "cool_down", "run_in_forks", "warm_up"]

logger = logging.getLogger(__name__)

#: How many of the server's last lines of standard error are kept.
TAIL_LINES = 20
#: The longest line kept (longer ones are cut into pieces of this many bytes).
_LINE_BYTES = 1000
#: Seconds to wait, once the server has exited, for the rest of its standard error.
_TAIL_WAIT = 2.0


class _Tail:
    """The last lines a process writes to a pipe, drained by a thread so that it never fills.

    Each line is also logged at debug level as it comes.
    """

    def __init__(self, stream: IO[bytes], lines: int = TAIL_LINES) -> None:
        self._lines: deque[str] = deque(maxlen=lines)
        self._thread = threading.Thread(target=self._drain, args=(stream,), daemon=True)
        self._thread.start()

    def _drain(self, stream: IO[bytes]) -> None:
        with stream:
            for chunk in iter(lambda: stream.readline(_LINE_BYTES), b""):
                line = chunk.decode(errors="replace").rstrip()
                if line:
                    logger.debug("grading server: %s", line)
                    self._lines.append(line)

    def lines(self) -> list[str]:
        """The lines kept, once the pipe is closed (or after a short wait)."""
        self._thread.join(_TAIL_WAIT)
        return list(self._lines)


class ForkServer:
    """A started fast-engine server in this process's care, sandboxed when there are limits.

    It waits for its jobs (:meth:`run`) while it imports; :meth:`close` ends it, and
    ends the sandbox it runs in.
    """

    def __init__(self, workers: int, limits: sandbox.SandboxOptions | None,
                 preload: tuple[str, ...] = ()) -> None:
        self.workers, self.limits, self.preload = workers, limits, preload
        env = {**os.environ,
               "COURSEKIT_GRADING": "1",  # ex.grade() does nothing in a graded notebook
               "MPLBACKEND": "module://matplotlib_inline.backend_inline",  # as in a kernel
               "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
        command = [sandbox.interpreter(), "-m", "coursekit.running._zygote", str(workers),
                   str(GRACE), json.dumps(list(preload))]
        self._sandbox = contextlib.ExitStack()
        if limits is not None:
            command = self._sandbox.enter_context(sandbox.sandboxed(
                [*command, limits.to_json()], limits, writable=[], slots=workers))
        # Only the server writes to this pipe: each child points its fds 0-2 at /dev/null
        # before it runs any learner code (see _zygote._run_child), so a notebook cannot
        # write into the tail that errors quote. Keep it that way.
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, env=env)
        # all three are pipes (PIPE above), never None
        assert self.process.stdin and self.process.stdout and self.process.stderr
        self._requests, self._results = self.process.stdin, self.process.stdout
        self._stderr = _Tail(self.process.stderr)
        logger.debug("started the grading server (pid %d, %d workers, %s)", self.process.pid,
                     workers, "sandboxed" if limits is not None else "no sandbox")

    def run(self, jobs: Iterable[Job]) -> Iterator[Outcome]:
        """Send the jobs and yield each outcome as its child finishes; then the server ends.

        ``jobs`` may be lazy: a job is taken from it only when fewer than
        :data:`AHEAD` jobs per worker are waiting for their outcome, and always on the
        thread that iterates this generator, never on another (making a job may parse
        code, which Python's ``ast`` does not allow on two threads at once). So a lazy
        ``jobs`` is never all in memory at once.
        """
        yield from self._exchange(iter(jobs), to_the_end=True)

    def serve(self, jobs: list[Job]) -> Iterator[Outcome]:
        """Like :meth:`run`, but the server stays up for more jobs (a warm server that runs
        batch after batch); if it stops part-way, the jobs not graded say why."""
        yield from self._exchange(iter(jobs), to_the_end=False)

    def _exchange(self, source: Iterator[Job], to_the_end: bool) -> Iterator[Outcome]:
        """Feed the jobs to the server and yield their outcomes (see :meth:`run`).

        A thread writes the jobs, ready as bytes, while the outcomes are read here, so that
        neither pipe can fill up and stall the other. ``to_the_end``: once the jobs are all
        sent, close the server's input (it ends after them) and read its output to the end;
        else stop once every job has its outcome.
        """
        waiting: dict[int, Job] = {}
        outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        writer = threading.Thread(target=self._write, args=(outbox, to_the_end), daemon=True)
        writer.start()
        try:
            more = self._feed(source, waiting, outbox)
            while to_the_end or waiting:
                line = self._results.readline()
                if not line:
                    break
                try:
                    result = json.loads(line)
                    job = waiting.pop(result["id"])
                except (ValueError, KeyError, TypeError):  # a line cut short as the server died
                    logger.warning("the grading server wrote a line that is no job's result: "
                                   "%r", line[:200])
                    continue
                yield job.id, _outcome(result, job)
                more = more and self._feed(source, waiting, outbox)
        finally:  # done, or stopped early: the writer ends (closing the input if to_the_end)
            outbox.put(None)
        writer.join()
        if to_the_end or waiting or more:
            yield from self._ended(waiting, source if more else iter(()))

    def _feed(self, source: Iterator[Job], waiting: dict[int, Job],
              outbox: queue.SimpleQueue[bytes | None]) -> bool:
        """Make jobs from ``source`` and hand them to the writer (each as a header line and a
        body, see ``coursekit.running._zygote._Jobs``) until :data:`AHEAD` per worker wait;
        False once ``source`` has no more (the writer is then told so)."""
        while len(waiting) < AHEAD * self.workers:
            job = next(source, None)
            if job is None:
                outbox.put(None)
                return False
            body = json.dumps(asdict(job)).encode()
            header = {"id": job.id, "notebook_timeout": job.notebook_timeout, "size": len(body)}
            waiting[job.id] = job
            outbox.put(json.dumps(header).encode() + b"\n" + body)
        return True

    def _write(self, outbox: queue.SimpleQueue[bytes | None], last: bool) -> None:
        """In the writer thread: write each job's bytes until told there are no more;
        ``last``: then close the server's input, so that it ends after these jobs."""
        try:
            while (data := outbox.get()) is not None:
                self._requests.write(data)
                self._requests.flush()
            if last:
                self._requests.close()
        except OSError:  # a server that stopped reads no more jobs: the rest are not graded
            return

    def _ended(self, waiting: dict[int, Job], rest: Iterator[Job]) -> Iterator[Outcome]:
        """Once the server's output has ended: wait for it, and fail the jobs it left (those
        sent, then the rest of ``rest``, one at a time)."""
        code = self.process.wait()
        logger.debug("the grading server ended (exit code %d)", code)
        left = itertools.chain(waiting.values(), rest)
        first = next(left, None)
        reason = self._why_stopped(code) if first is not None or code else ""
        for job in itertools.chain([first] if first is not None else [], left):
            yield job.id, GradingError(f"the grading server stopped (exit code {code}) before "
                                       f"this notebook was graded{reason}")

    def _why_stopped(self, code: int) -> str:
        """After the server failed: ': ' and the last line of its standard error, or ''.

        Its last lines (a traceback, most often) are logged as a warning.
        """
        lines = self._stderr.lines()
        if not lines:
            return ""
        logger.warning("the grading server stopped (exit code %d); the end of its output:\n%s",
                       code, "\n".join(lines))
        return f": {lines[-1].strip()[:300]}"

    def alive(self) -> bool:
        """Whether the server is still running (a warm one can take more jobs)."""
        return self.process.poll() is None

    def close(self) -> None:
        """End the server (at once if it is still running: it has run no job) and its sandbox."""
        if self.process.poll() is None:
            self.process.kill()
            logger.debug("ended the grading server (pid %d) before it ran a job",
                         self.process.pid)
        self.process.wait()
        for stream in (self._requests, self._results):
            with contextlib.suppress(OSError):
                stream.close()
        self._sandbox.close()

    def __enter__(self) -> ForkServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _outcome(result: dict[str, object], job: Job) -> Run | GradingError:
    """A job's outcome from the server's line for it: its child's report, once checked."""
    if isinstance(result.get("report"), str):
        try:
            return reports.run_from(str(result["report"]), job)
        except GradingError as refused:
            return refused
    return GradingError(str(result.get("error", "the grading server sent no result")))


_warm: ForkServer | None = None


def warm_up(workers: int, limits: sandbox.SandboxOptions | None = None,
            preload: tuple[str, ...] = ()) -> None:
    """Start the server for this process's next batch now, while the caller gets ready.

    A server already warm for these workers, limits and preloaded modules is kept; one for
    others is ended, and so is one that no batch takes before this process ends.
    """
    global _warm
    wanted = (workers, limits, preload)
    if _warm is not None and (_warm.workers, _warm.limits, _warm.preload) == wanted:
        return
    cool_down()
    _warm = ForkServer(workers, limits, preload)


def cool_down() -> None:
    """End the server :func:`warm_up` started, if no batch took it."""
    global _warm
    if _warm is not None:
        _warm.close()
        _warm = None


atexit.register(cool_down)


def _take_server(workers: int, limits: sandbox.SandboxOptions | None,
                 preload: tuple[str, ...]) -> ForkServer:
    """The warm server if it was started for this batch, else a new one."""
    global _warm
    warm_up(workers, limits, preload)
    server, _warm = _warm, None
    assert server is not None  # warm_up just started it
    return server


def run_in_forks(jobs: Iterable[Job], workers: int,
                 limits: sandbox.SandboxOptions | None = None,
                 preload: tuple[str, ...] = ()) -> Iterator[Outcome]:
    """Run each job in a fresh child forked from one process that imported ``preload`` once.

    With ``limits``, the server runs in one sandbox and confines each child (see
    ``coursekit.running.sandbox``). ``jobs`` may be lazy: they are made as the server takes
    them.
    """
    source = iter(jobs)
    first = next(source, None)
    if first is None:
        return
    with _take_server(workers, limits, preload) as server:
        yield from server.run(itertools.chain([first], source))
