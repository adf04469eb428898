"""Intake's worker processes: in parallel, held to a memory budget, and never outliving the program that started
them (a killed `packet add` or window must not leave workers and the resource tracker running for minutes).

Workers are spawned (not forked: the desktop app runs intake from a thread, and forking a threaded Qt process is
unsafe), run at background priority, and:
- die with their parent: on Linux the kernel sends them SIGKILL when the parent dies (PR_SET_PDEATHSIG); on
  every system a watchdog thread ends them once their parent is gone;
- are held to PACKET_WORKER_MEMORY_MB of memory by the OS (RLIMIT_AS on POSIX): a file that needs more gets a
  MemoryError, which intake turns into a refusal of that file alone;
- a worker that dies anyway (the OS killed it) costs only its own file: that file is tried again on its own,
  refused if it kills its worker again, and the other files go on.
"""

from __future__ import annotations

import collections
import ctypes
import itertools
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from packet.store.applog import log
from packet.store.intake_limits import worker_count, worker_memory_bytes
from packet.store.lock import pid_alive

try:
    import resource
except ImportError:  # pragma: no cover - Windows
    resource = None  # type: ignore[assignment]

R = TypeVar("R")
PARALLEL_FROM = 4  # fewer files than this are quicker in-process than starting worker processes
_WATCH_S = 1.0
_PR_SET_PDEATHSIG = 1


def run_jobs(fn: Callable[..., R], jobs: list[tuple], workers: int | None = None,
             isolate: Callable[[tuple], bool] = lambda job: False,
             crashed: Callable[[tuple], R] | None = None) -> Iterator[R]:
    """fn(*job) for every job, yielding results in job order: in worker processes when there are several jobs
    (or a job asks to be isolated, e.g. a very large file), else in this process."""
    n = worker_count(len(jobs), workers)
    in_process = not any(isolate(j) for j in jobs) and (n <= 1 or len(jobs) < PARALLEL_FROM)
    log.info("intake: %d file(s) in %d process(es)", len(jobs), 1 if in_process else n)
    if in_process:
        for job in jobs:
            yield fn(*job)
        return
    yield from _pooled(fn, jobs, n, crashed)


def _pooled(fn: Callable[..., R], jobs: list[tuple], n: int, crashed: Callable[[tuple], R] | None) -> Iterator[R]:
    done = 0
    while done < len(jobs):
        rest = jobs[done:]
        try:
            with _pool(min(n, len(rest))) as pool:
                # A few jobs ahead of the results, not all at once: submitting hundreds holds Python's lock long
                # enough to freeze the window that runs intake from a thread.
                pending = iter(rest)
                futures = collections.deque(pool.submit(fn, *job) for job in itertools.islice(pending, 4 * n))
                while futures:
                    result = futures.popleft().result()
                    for job in itertools.islice(pending, 1):
                        futures.append(pool.submit(fn, *job))
                    done += 1
                    yield result
        except BrokenProcessPool:
            # A worker died (the OS killed it). Try the first unfinished file on its own to see if it is the cause.
            job = jobs[done]
            try:
                with _pool(1) as alone:
                    result = alone.submit(fn, *job).result()
            except BrokenProcessPool:
                if crashed is None:
                    raise
                result = crashed(job)
            done += 1
            yield result


def _pool(n: int) -> ProcessPoolExecutor:
    ctx = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=n, mp_context=ctx, initializer=start_worker,
                               initargs=(os.getpid(), worker_memory_bytes()))


def start_worker(parent: int, memory: int) -> None:
    """In each worker, before any file: background priority, die with the parent, hold to the memory budget."""
    background_priority()
    die_with_parent(parent)
    bound_memory(memory)


def background_priority() -> None:
    """Intake workers yield the processor to the window (and anything else the user is doing)."""
    try:
        os.nice(10)
    except (AttributeError, OSError):
        pass


def die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if not _parent_alive(parent):  # it died before the kernel was told to watch it
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), name="parent-watchdog", daemon=True).start()


def _parent_alive(parent: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover
        return pid_alive(parent)
    return os.getppid() == parent


def _watch_parent(parent: int) -> None:
    while _parent_alive(parent):
        time.sleep(_WATCH_S)
    os._exit(1)


def bound_memory(budget: int) -> None:
    """Hold this process's address space to what it uses now plus `budget` (POSIX; a no-op elsewhere)."""
    if resource is None:  # pragma: no cover - Windows
        return
    try:
        with open("/proc/self/statm") as fh:
            now = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return  # no way to tell what it uses now (macOS does not enforce RLIMIT_AS anyway)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = now + budget
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft != resource.RLIM_INFINITY:
        limit = min(limit, soft)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        pass
