from __future__ import annotations

import pytest

from cleaners import parallel


@pytest.fixture(autouse=True)
def one_process_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """`cleaners clean` without -j runs in every core; in-process tests swap the cleaner
    functions with stand-ins a worker process would not see, so here the default is one
    process. tests/cleaners/test_parallel.py passes -j to test the pool itself."""
    monkeypatch.setattr(parallel, "default_jobs", lambda: 1)
