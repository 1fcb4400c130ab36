"""Grading a batch on a Dask cluster: the runs sent in chunks, their outcomes streamed back.

:func:`run_on_cluster` is the cluster's engine for :func:`coursekit.grading.pipeline.grade_stream`.
The teacher's process reads the notebooks, sends each chunk of runs to the cluster as
plain data (cells and names: workers need no shared file system), and judges every run that
comes back, exactly as it judges a local one, so a cluster batch gives the same results.
On a worker, each chunk runs in the worker's warm fork server (a ``WorkerPlugin``, see
:mod:`coursekit.running.cluster`), in the sandbox unless the teacher said ``--no-sandbox``;
a worker whose coursekit, courses or Python differ from the teacher's machine's
(:func:`coursekit.grading.versions.installed_versions`) refuses every task, and the batch
stops with a :class:`~coursekit.base.errors.UsageError` saying what differs.

Nothing is lost or doubled. A worker that dies mid-chunk has its chunk run again
elsewhere by the scheduler, which gives up on a task after ``allowed-failures`` workers died
running it (``distributed.scheduler.allowed-failures``) and raises ``KilledWorker``; such a
chunk is then cut in halves and sent again, down to single runs; a single run that still
dies is tried once more alone on the cluster at the end (a worker's death also kills the runs
beside the culprit's), so that one submission that kills every worker it lands on becomes
that submission's error and every other is graded. Only a few chunks are in flight at once,
so the teacher's memory stays flat; an interrupt (Ctrl-C) cancels them.

``cluster`` is a scheduler's address (``tcp://host:8786``), ``local:N`` (a ``LocalCluster``
of N worker processes on this machine, started and closed here), or a
``distributed.Client`` the caller made (e.g. from dask-gateway or dask-jobqueue).
"""

from __future__ import annotations

import itertools
import logging
import uuid
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Union

from coursekit.base.errors import UsageError
from coursekit.grading import provisions, versions
from coursekit.grading.provisions import Work
from coursekit.running.jobs import GradingError, Outcome

if TYPE_CHECKING:
    from distributed import Client, Future, LocalCluster

    from coursekit.grading.options import GradeOptions

__all__ = ["Cluster", "chunk_size", "connect", "local_cluster", "run_on_cluster"]

logger = logging.getLogger(__name__)

#: A cluster to grade on: an address, ``local:N``, or a client.
Cluster = Union[str, "Client"]
#: The most runs in one task (a task of a few seconds: Dask's overhead per task is small
#: beside it, and a worker that dies loses little).
MOST_PER_CHUNK = 16
#: Tasks in flight per worker thread: enough that a worker never waits for its next.
IN_FLIGHT = 3
#: How long a ``LocalCluster`` waits for a killed worker to come back before it closes the
#: worker's nanny (see :func:`local_cluster`).
LOST_WORKER_WAIT = "5 minutes"
#: The cluster address that means a ``LocalCluster`` here (``local:N``: with N workers).
_LOCAL = "local"


def chunk_size(runs: int, threads: int) -> int:
    """Runs per task: about four tasks per worker thread, 1 to :data:`MOST_PER_CHUNK`.

    >>> chunk_size(1000, 2), chunk_size(10, 2), chunk_size(10_000, 64)
    (16, 1, 16)
    """
    return max(1, min(MOST_PER_CHUNK, runs // (4 * max(threads, 1))))


def connect(cluster: Cluster) -> tuple[Client, bool]:
    """A client of ``cluster``, and whether it was made here (then it is closed here)."""
    from distributed import Client

    if not isinstance(cluster, str):
        return cluster, False
    if cluster == _LOCAL or cluster.startswith(f"{_LOCAL}:"):
        count = cluster.partition(":")[2] or "2"
        if not count.isdigit() or int(count) < 1:
            raise UsageError(f"--cluster {cluster}: 'local:N' needs N, a number of workers "
                             "of at least 1")
        return Client(local_cluster(int(count)), set_as_default=False), True
    try:
        return Client(cluster, timeout="20s", set_as_default=False), True
    except (OSError, ValueError) as error:
        raise UsageError(f"--cluster {cluster}: cannot reach a Dask scheduler there "
                         f"({error})") from None


def local_cluster(workers: int) -> LocalCluster:
    """A ``LocalCluster`` of ``workers`` processes (one thread each) on 127.0.0.1, without
    a dashboard.

    Its scheduler still serves HTTP (health and metrics) even so, by default on port 8787,
    and warns when that port is taken ("Port 8787 is already in use"): here it takes any
    free port on 127.0.0.1, so nothing is said about a dashboard nobody asked for.

    A worker that a notebook killed is restarted by its nanny, which imports the libraries
    and starts a fork server again; a ``LocalCluster`` closes the nanny for good if that
    takes longer than ``distributed.deploy.lost-worker-timeout`` (15 s by default), which a
    loaded machine can exceed, leaving the batch a worker short. That wait is set to
    :data:`LOST_WORKER_WAIT` in this process.
    """
    import dask
    from distributed import LocalCluster

    dask.config.set({"distributed.deploy.lost-worker-timeout": LOST_WORKER_WAIT})
    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                        host="127.0.0.1", dashboard_address="127.0.0.1:0",
                        scheduler_kwargs={"dashboard": False})


def _run_chunk(chunk: list[Work]) -> list[Outcome]:
    """A task, on a worker: the chunk's runs, each readied for this worker, in its server."""
    from coursekit.running.cluster import run_here

    return run_here([work.ready() for work in chunk])


def _killed(work: Work, error: BaseException) -> Outcome:
    """The outcome of a run that killed every worker it was tried on."""
    return work.job.id, GradingError(
        f"this notebook was not graded: each cluster worker that ran it died ({error}); "
        "it may use more memory than the workers have, or attack them")


def run_on_cluster(cluster: Cluster, work: Iterable[Work], options: GradeOptions,
                   expected: int) -> Iterator[Outcome]:
    """Run the work on the cluster's workers and yield each run's outcome as its chunk comes
    back (``expected``: about how many runs there are, for the chunks' size)."""
    from distributed import as_completed
    from distributed.scheduler import KilledWorker

    from coursekit.running.cluster import WarmForkServer

    client, owned = connect(cluster)
    sent: dict[Future[list[Outcome]], list[Work]] = {}
    suspects: list[tuple[Work, BaseException]] = []  # single runs that died with their workers
    try:
        client.register_plugin(WarmForkServer(options.sandbox, options.memory,
                                              provisions.everything,
                                              versions.installed_versions))
        threads = sum(client.nthreads().values()) or 1
        size = chunk_size(expected * (options.variants + 1), threads)
        source = iter(work)
        chunks = iter(lambda: list(itertools.islice(source, size)), [])
        done = as_completed(loop=client.loop)

        def send(chunk: list[Work]) -> None:
            future = client.submit(_run_chunk, chunk, key=f"coursekit-grade-{uuid.uuid4()}",
                                   pure=False)
            sent[future] = chunk
            done.add(future)

        for chunk in itertools.islice(chunks, threads * IN_FLIGHT):
            send(chunk)
        for future in done:
            chunk = sent.pop(future)
            try:
                outcomes = future.result()
            except KilledWorker as error:
                if len(chunk) == 1:  # alone in its task, yet maybe beside the culprit's
                    suspects.append((chunk[0], error))
                else:  # find the run that kills workers: halves, down to single runs
                    half = len(chunk) // 2
                    logger.warning("a chunk of %d runs killed its workers; sending it again "
                                   "in halves", len(chunk))
                    send(chunk[:half])
                    send(chunk[half:])
                    continue
            else:
                yield from outcomes
            future.release()
            following = next(chunks, None)
            if following:
                send(following)
        # A worker dies under every run it holds, so a run that only shared workers with the
        # culprit dies as often: with several suspects, each is tried once more alone on the
        # cluster, and only one that still kills its workers then is that submission's error
        # (a lone suspect is the culprit: the runs that kill are always among the suspects).
        if len(suspects) == 1:
            yield _killed(*suspects.pop())
        for suspect, _ in suspects:
            alone = client.submit(_run_chunk, [suspect], key=f"coursekit-grade-{uuid.uuid4()}",
                                  pure=False)
            sent[alone] = [suspect]
            try:
                yield from alone.result()
            except KilledWorker as error:
                yield _killed(suspect, error)
            del sent[alone]
    finally:  # an interrupt or an error: no task stays running for this batch
        if sent:
            client.cancel(list(sent), force=True)
        if owned:
            cluster_here = client.cluster
            client.close()
            if cluster_here is not None:
                cluster_here.close()
