"""`cleaners.parallel.ordered_map` and `cleaners clean -j N`: real worker processes."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cleaners import parallel
from cleaners.cli import main

ROOT = Path(__file__).resolve().parents[2]


def slow_echo(value: int) -> tuple[int, int]:
    """Later tasks finish first, so an unordered pool would give them back first."""
    time.sleep(0.05 * (4 - value % 4))
    if value % 3 == 0:
        print(f"task {value} says", file=sys.stderr)
    return value, os.getpid()


def test_results_come_in_input_order_from_other_processes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    results = list(parallel.ordered_map(slow_echo, range(8), 2))
    assert [task for task, _ in results] == list(range(8))
    assert [value for _, (value, _) in results] == list(range(8))
    workers = {pid for _, (_, pid) in results}
    assert os.getpid() not in workers and len(workers) == 2
    # What a worker printed on stderr comes out in the parent, in input order.
    assert capsys.readouterr().err == "task 0 says\ntask 3 says\ntask 6 says\n"


def test_tasks_are_read_only_a_window_ahead() -> None:
    pulled: list[int] = []

    def tasks() -> Iterator[int]:
        for value in range(100):
            pulled.append(value)
            yield value

    results = parallel.ordered_map(slow_echo, tasks(), 2)
    next(results)
    assert len(pulled) == 2 * parallel.WINDOW_PER_JOB  # not the whole input
    results.close()  # the pool is shut down with the generator


def test_tasks_marked_here_run_in_this_process() -> None:
    results = dict(parallel.ordered_map(slow_echo, range(4), 2, here=lambda task: task == 2))
    assert results[2][1] == os.getpid()
    assert {results[task][1] for task in (0, 1, 3)}.isdisjoint({os.getpid()})


def test_one_job_is_a_plain_loop_in_this_process() -> None:
    results = list(parallel.ordered_map(slow_echo, range(3), 1))
    assert {pid for _, (_, pid) in results} == {os.getpid()}


def test_a_single_task_starts_no_processes() -> None:
    [(task, (_, pid))] = parallel.ordered_map(slow_echo, [5], 2)
    assert (task, pid) == (5, os.getpid())


def test_default_is_every_core_this_process_may_use(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()  # tests/cleaners/conftest.py sets one process for in-process tests
    assert parallel.default_jobs() == len(os.sched_getaffinity(0))


@pytest.mark.slow
def test_clean_with_two_jobs_writes_what_one_job_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pages = sorted((ROOT / "fixtures" / "html").glob("*/input.html"))[:6]
    assert len(pages) == 6
    broken = tmp_path / "broken.html"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    archive = ROOT / "fixtures" / "warc" / "sample.warc.gz"
    inputs = [str(pages[0]), str(broken), str(archive), *map(str, pages[1:]), "missing.html"]
    outputs = []
    for jobs in ("1", "2"):
        code = main(["clean", "-j", jobs, "--without", "teaser", *inputs])  # options pickle
        outputs.append((code, *capsys.readouterr()))
    assert outputs[0] == outputs[1]
    code, out, err = outputs[1]
    assert code == 1
    assert out.count("\n") == 6 + 2  # six pages, two from the archive
    errors = [line.split(": ")[2] for line in err.splitlines() if ": error: " in line]
    assert errors == [str(broken), "missing.html"]


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_jobs_must_be_a_positive_number(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clean", "-j", value, "x.html"]) == 2
    assert "-j/--jobs" in capsys.readouterr().err


@pytest.mark.slow
def test_the_library_functions_run_unchanged_in_a_dask_map() -> None:
    bag = pytest.importorskip("dask.bag", reason="dask is not installed")
    from cleaners import clean_html

    pages = [p.read_bytes() for p in sorted((ROOT / "fixtures" / "html").glob("*/input.html"))[:4]]
    # Worker processes: the functions, their arguments and the Documents cross by pickle.
    cleaned = bag.from_sequence(pages, npartitions=2).map(clean_html).compute(scheduler="processes")
    assert cleaned == [clean_html(page) for page in pages]
    assert all(document.body for document in cleaned)
    workers = bag.from_sequence(range(4), npartitions=2).map(lambda _: os.getpid())
    assert os.getpid() not in set(workers.compute(scheduler="processes"))


KILLED_PARENT = """
import multiprocessing, os, signal
from concurrent.futures import ProcessPoolExecutor
from cleaners.parallel import exit_with_parent
if __name__ == "__main__":
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        1, mp_context=context, initializer=exit_with_parent, initargs=(os.getpid(), 0.1)
    )
    print(pool.submit(os.getpid).result(), flush=True)
    os.kill(os.getpid(), signal.SIGKILL)  # no shutdown, no atexit: as the OOM killer would
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split()[2] == "Z")  # a zombie is gone


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc to tell zombies apart")
@pytest.mark.parametrize("start", ["spawn", "forkserver"])
def test_a_worker_exits_when_its_parent_is_killed(tmp_path: Path, start: str) -> None:
    """A pool's worker waits on its queue forever once the parent dies without shutting
    the pool down; with exit_with_parent as the initializer it exits on its own."""
    import subprocess

    script = tmp_path / "parent.py"
    script.write_text(KILLED_PARENT.replace('"spawn"', repr(start)))
    run = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=60, check=False
    )
    assert run.returncode == -9, run.stderr
    worker = int(run.stdout.strip())
    deadline = time.monotonic() + 10
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(worker)
