"""One process loads the crawler under one name: `crawler` (the checkout) or
`cleaners_crawler` (installed; the editable install of the checkout maps it too)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", code]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=60)


def test_the_installed_name_names_its_own_components(tmp_path: Path) -> None:
    code = "import cleaners_crawler.settings as s"
    code += "; print(*s.ITEM_PIPELINES, *s.ADDONS, s.COMMANDS_MODULE)"
    result = _python(code, tmp_path)
    assert result.returncode == 0, result.stderr
    names = result.stdout.split()
    assert len(names) == 6 and all(name.startswith("cleaners_crawler.") for name in names)


def test_a_second_name_for_the_same_code_is_refused() -> None:
    result = _python("import crawler.settings; import cleaners_crawler", ROOT)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        f"ImportError: {ROOT / 'crawler'} is already imported as 'crawler'; importing it"
        " again as 'cleaners_crawler' would make two copies of every class: use 'crawler'"
    )
