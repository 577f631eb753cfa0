"""Run a function over a stream of tasks in N processes, results in input order.

At most `window` tasks are in flight (submitted and not yet handed back), so the stream is
read only as fast as results are consumed: memory stays bounded however long the input,
unlike `multiprocessing.Pool.imap`, whose feeder thread reads the whole input ahead.

What a task prints on stderr in a worker (the command line's error lines) is captured and
printed by the parent when that task's result is handed back: messages come in input order
and do not tear a progress bar drawn by the parent. Workers ignore Ctrl-C; the parent
stops, cancels what has not started and waits for what has.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import redirect_stderr
from itertools import chain, islice
from typing import TypeVar

__all__ = ["default_jobs", "exit_with_parent", "ordered_map"]

T = TypeVar("T")
R = TypeVar("R")

#: Tasks in flight per process: enough to keep every process busy while the oldest task,
#: whose result must come out first, is still running.
WINDOW_PER_JOB = 4


def default_jobs() -> int:
    """Every core this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def ordered_map(
    function: Callable[[T], R],
    tasks: Iterable[T],
    jobs: int,
    *,
    here: Callable[[T], bool] | None = None,
) -> Iterator[tuple[T, R]]:
    """(task, function(task)) for each task, in the order of `tasks`.

    With `jobs` 1, or a single task, everything runs in this process, as a plain loop.
    Otherwise `function` and the tasks must pickle; tasks for which `here` is true (those
    that need this process, such as reading its stdin) still run here, in their turn.
    """
    stream = iter(tasks)
    head = list(islice(stream, 2))
    if jobs <= 1 or len(head) < 2:  # a single task is not worth starting processes for
        for task in chain(head, stream):
            yield task, function(task)
        return
    tasks = chain(head, stream)
    context = multiprocessing.get_context("forkserver" if os.name == "posix" else "spawn")
    pool = ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_worker_start, initargs=(os.getpid(),)
    )
    pending: deque[tuple[T, Future[tuple[R, str]]]] = deque()
    try:
        for task in tasks:
            pending.append((task, _submit(pool, function, task, here)))
            if len(pending) >= jobs * WINDOW_PER_JOB:
                yield _next(pending)
        while pending:
            yield _next(pending)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _submit(
    pool: ProcessPoolExecutor,
    function: Callable[[T], R],
    task: T,
    here: Callable[[T], bool] | None,
) -> Future[tuple[R, str]]:
    if here is None or not here(task):
        return pool.submit(_captured, function, task)
    done: Future[tuple[R, str]] = Future()
    done.set_result((function(task), ""))  # its stderr went out directly, in this process
    return done


def _next(pending: deque[tuple[T, Future[tuple[R, str]]]]) -> tuple[T, R]:
    task, future = pending.popleft()
    result, errors = future.result()
    if errors:
        from tqdm import tqdm

        tqdm.write(errors, file=sys.stderr, end="")
    return task, result


def _captured(function: Callable[[T], R], task: T) -> tuple[R, str]:
    """Run in a worker: the result, and what the task wrote on stderr."""
    buffer = io.StringIO()
    with redirect_stderr(buffer):
        result = function(task)
    return result, buffer.getvalue()


def _worker_start(main: int) -> None:
    """Ctrl-C reaches every process of the terminal's group: only the parent acts on it.
    A worker whose main process was killed outright (SIGKILL, the OOM killer) exits too."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    exit_with_parent(main)


def exit_with_parent(main: int | None = None, every: float = 1.0) -> None:
    """Make this worker process exit once the process that started it is gone: a pool's
    workers otherwise wait on its queue forever when the parent dies without shutting it
    down. A daemon thread looks every `every` seconds whether the worker's parent changed,
    or process `main` is gone (a forkserver's worker has the fork server as its parent,
    which outlives a killed main process); use it as a pool's initializer, never in a
    main process.
    """
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent and (main is None or _running(main)):
            time.sleep(every)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _running(pid: int) -> bool:
    """Process `pid` exists and is no zombie (one killed and not yet reaped)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rpartition(")")[2].split()[0] != "Z"
    except OSError:  # no /proc: existing is all we can tell
        return True
