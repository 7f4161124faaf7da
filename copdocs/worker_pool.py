"""Worker processes that read and analyse files while the main process writes the index.

Results come back in the order the files were given, through a bounded window: a fixed number
of files per worker, and no more files in flight than their estimated memory allows (a heavy
file is annotated alone), so memory stays bounded however many files there are. Each worker may
grow by a fixed address-space allowance; a worker that dies (a reader crashing or running out of
that allowance) or takes too long on a file is replaced, that file is reported as failed, and
the rest of the batch carries on.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import signal
import threading
import time
import traceback
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path

from copdocs.analyse_file import Outcome, analyse_file, resident_bytes
from copdocs.errors import WorkersUnavailable

MiB = 1 << 20
FILE_SECONDS = 180.0  # a file still not annotated after this long is given up on
WORKER_GROWTH_BYTES = 512 * MiB  # address space a worker may add to its start-up size
MEMORY_BUDGET_BYTES = 640 * MiB  # estimated memory of all files in flight
RECYCLE_BYTES = 320 * MiB  # a worker left this large by a big file is replaced
FILES_PER_WORKER = 24  # queued at each worker, so it keeps busy while the writer commits
WINDOW_FILES_PER_WORKER = 48  # done or in progress ahead of the file the writer waits for
_WORKER_NICENESS = 5  # the writer is the bottleneck: workers only need to keep ahead of it
_READY = "ready"
_PRELOAD = ["copdocs.worker_preload"]


@dataclass(frozen=True, slots=True)
class Job:
    path: str  # absolute; its name picks the reader
    memory_estimate: int  # bytes


def analyse_all(
    jobs: Sequence[Job], processes: int, stderr_log: Path | None = None
) -> Iterator[Outcome]:
    """An outcome per job, in order: in this process for ``processes`` 1, else in workers.

    What native libraries print on the workers' stderr is appended to ``stderr_log`` (default:
    discarded), so that a crash leaves its message for a bug report.
    """
    if not jobs:
        return
    if processes <= 1:
        for job in jobs:
            yield analyse_file(job.path)
        return
    pool = WorkerPool(min(processes, len(jobs)), stderr_log)
    try:
        yield from pool.outcomes(jobs)
    except BaseException:  # interrupted, or the consumer stopped early: no point finishing
        pool.close(kill=True)
        raise
    pool.close()


def default_processes() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: multiprocessing.connection.Connection
    assigned: deque[int] = field(default_factory=deque)  # job numbers, in the order sent
    heard_at: float = 0.0  # when it last sent a result, or was given work while idle
    started: bool = False  # it said it is ready
    retiring: bool = False


class WorkerPool:
    def __init__(self, size: int, stderr_log: Path | None = None) -> None:
        self._stderr_log = stderr_log
        methods = multiprocessing.get_all_start_methods()
        method = "forkserver" if "forkserver" in methods else "spawn"
        self._context = multiprocessing.get_context(method)
        if method == "forkserver":
            self._context.set_forkserver_preload(_PRELOAD)
        self._failed_starts = 0
        self._workers = [self._start() for _ in range(size)]

    def outcomes(self, jobs: Sequence[Job]) -> Iterator[Outcome]:
        """Outcomes in job order; at most FILES_PER_WORKER jobs queued at each worker."""
        done: dict[int, Outcome] = {}
        retry: deque[int] = deque()  # jobs queued behind a file that killed its worker
        next_job = next_out = 0
        in_flight_memory = 0
        window = WINDOW_FILES_PER_WORKER * len(self._workers)
        while next_out < len(jobs):
            while retry or next_job < len(jobs):
                number = retry[0] if retry else next_job
                worker = self._idlest()
                if worker is None or number - next_out >= window:
                    break
                if retry:  # already counted in the window and the memory in flight
                    retry.popleft()
                else:
                    cost = jobs[number].memory_estimate
                    # A heavy file waits until the files before it are done, then goes alone.
                    if next_job > next_out and in_flight_memory + cost > MEMORY_BUDGET_BYTES:
                        break
                    next_job += 1
                    in_flight_memory += cost
                self._give(worker, number, jobs[number])
            if next_out in done:
                in_flight_memory -= jobs[next_out].memory_estimate
                next_out += 1
                yield done.pop(next_out - 1)
                continue
            self._collect(jobs, done, retry)

    def close(self, kill: bool = False) -> None:
        for worker in self._workers:
            if kill:
                worker.process.kill()
            else:
                _stop(worker)
        deadline = time.monotonic() + 2.0
        for worker in self._workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(1.0)
            worker.conn.close()

    def _start(self) -> _Worker:
        parent_end, child_end = self._context.Pipe()
        process = self._context.Process(
            target=_serve, args=(child_end, self._stderr_log), name="copdocs-worker",
            daemon=True,
        )
        process.start()
        child_end.close()
        return _Worker(process, parent_end, heard_at=time.monotonic())

    def _idlest(self) -> _Worker | None:
        for worker in list(self._workers):
            if not worker.assigned and not worker.process.is_alive():
                self._replace(worker, {}, deque(), "")  # died idle: no file to blame
        ready = [w for w in self._workers if not w.retiring and len(w.assigned) < FILES_PER_WORKER]
        return min(ready, key=lambda w: len(w.assigned)) if ready else None

    def _give(self, worker: _Worker, number: int, job: Job) -> None:
        if not worker.assigned:
            worker.heard_at = time.monotonic()
        worker.assigned.append(number)
        try:
            worker.conn.send(job.path)
        except OSError:
            pass  # it died: the next collect reports its first file and hands the rest on

    def _collect(self, jobs: Sequence[Job], done: dict[int, Outcome], retry: deque[int]) -> None:
        """Wait for results (or deaths), then give up on files past their time."""
        busy = [w for w in self._workers if w.assigned]
        handles = {w.conn: w for w in busy} | {w.process.sentinel: w for w in busy}
        for handle in wait(list(handles), timeout=1.0):
            worker = handles[handle]
            if worker not in self._workers or not worker.assigned:
                continue  # replaced or drained earlier in this round
            self._drain(worker, done, retry)
        now = time.monotonic()
        for worker in list(self._workers):
            if worker.assigned and now - worker.heard_at > FILE_SECONDS:
                worker.process.kill()
                self._replace(
                    worker, done, retry, f"refused: still not read after {FILE_SECONDS:.0f} s"
                )

    def _drain(self, worker: _Worker, done: dict[int, Outcome], retry: deque[int]) -> None:
        while worker.assigned:
            try:
                if not worker.conn.poll():
                    break
                outcome = worker.conn.recv()
            except (EOFError, OSError):
                break
            worker.heard_at = time.monotonic()
            if outcome == _READY:  # the handshake, not a file
                worker.started = True
                self._failed_starts = 0
                continue
            done[worker.assigned.popleft()] = outcome
            if outcome.resident_bytes > RECYCLE_BYTES:
                worker.retiring = True
        if worker.assigned and not worker.process.is_alive():
            if not worker.started:
                self._start_failed(worker, retry)
            self._replace(worker, done, retry, _crash_reason(worker.process.exitcode))
        elif worker.retiring and not worker.assigned:
            self._replace(worker, done, retry, "")

    def _start_failed(self, worker: _Worker, retry: deque[int]) -> None:
        """Its files are not to blame: they go to the next worker, unless none can start."""
        self._failed_starts += 1
        if self._failed_starts >= 2:
            raise WorkersUnavailable(
                f"worker processes cannot start ({_crash_reason(worker.process.exitcode, False)}); "
                "use one job (-j 1), or, calling copdocs from a script, guard the script's "
                "main code with `if __name__ == '__main__':`"
            )
        retry.extendleft(reversed(worker.assigned))
        worker.assigned.clear()

    def _replace(
        self, worker: _Worker, done: dict[int, Outcome], retry: deque[int], reason: str
    ) -> None:
        if worker.assigned:
            done[worker.assigned.popleft()] = Outcome(error=reason)
            retry.extendleft(reversed(worker.assigned))
            worker.assigned.clear()
        _stop(worker)
        worker.process.join(2.0)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join(1.0)
        worker.conn.close()
        self._workers[self._workers.index(worker)] = self._start()


def _stop(worker: _Worker) -> None:
    try:
        worker.conn.send(None)
    except (OSError, ValueError):
        pass


def _crash_reason(exitcode: int | None, reading: bool = True) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            how = f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            how = f"killed by signal {-exitcode}"
    else:
        how = f"exit status {exitcode}"
    if not reading:
        return how
    allowance = WORKER_GROWTH_BYTES // MiB
    return f"the reader crashed on it ({how}; a worker may use {allowance} MB)"


# Everything below runs in the worker process.


def _serve(conn: multiprocessing.connection.Connection, stderr_log: Path | None) -> None:
    """Analyse each path sent, in order, until None or the main process goes away."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    _redirect_stderr(stderr_log)
    _limit_address_space()
    try:
        os.nice(_WORKER_NICENESS)
    except (AttributeError, OSError):
        pass
    results: queue.Queue[Outcome | str | None] = queue.Queue()
    sender = threading.Thread(target=_send_results, args=(conn, results), daemon=True)
    sender.start()
    results.put(_READY)
    while True:
        try:
            path = conn.recv()
        except (EOFError, OSError):
            break
        if path is None:
            break
        outcome = analyse_file(path)
        outcome.resident_bytes = resident_bytes()
        results.put(outcome)
    results.put(None)
    sender.join()


def _send_results(conn: multiprocessing.connection.Connection, results: queue.Queue) -> None:
    """Send from a thread, so the next file is annotated while the writer is busy."""
    while (outcome := results.get()) is not None:
        try:
            conn.send(outcome)
        except (OSError, ValueError):
            os._exit(0)  # the main process is gone
        except Exception as exc:  # an outcome that does not pickle: a bug
            conn.send(Outcome(error=type(exc).__name__, internal=True,
                              traceback=traceback.format_exc()))


def _redirect_stderr(stderr_log: Path | None) -> None:
    """Native libraries print to stderr when they fail; the main process reports one line for
    the user, and the log keeps what they said."""
    try:
        if stderr_log is not None:
            target = os.open(stderr_log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        else:
            target = os.open(os.devnull, os.O_WRONLY)
        os.dup2(target, 2)
        os.close(target)
    except OSError:
        pass


def _limit_address_space() -> None:
    try:
        import resource

        with open("/proc/self/statm", "rb") as statm:
            size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = size + WORKER_GROWTH_BYTES
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, OSError, ValueError):
        pass
