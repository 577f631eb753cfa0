from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def seeds() -> dict[str, str]:
    """The two seed dumps, by kind."""
    files = sorted((ROOT / "seeds").glob("*.txt"))
    return {"forum": files[0].read_text("utf-8"), "news": files[1].read_text("utf-8")}
