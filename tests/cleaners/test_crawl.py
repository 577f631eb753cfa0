"""`cleaners crawl` on the cleaners side: the command line is checked before the crawler is
imported, and without the `crawler` extra the command says what to install.

The crawls themselves run in tests/crawler/test_cli.py (in subprocesses: Scrapy's reactor
runs once per process) and, from an installed wheel, in tests/cleaners/test_install.py.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cleaners.cli import main


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["-o", "c.jsonl"], "give start URLs or --demo (one of them)"),
        (["--demo", "https://example.com/", "-o", "c.jsonl"], "give start URLs or --demo"),
        (["example.com", "-o", "c.jsonl"], "not an http(s) URL: 'example.com'"),
        (["--demo", "--sitemap", "ftp://x/s.xml", "-o", "c"], "not an http(s) URL: 'ftp://x/"),
        (["--demo", "--seeds", "missing", "-o", "c.jsonl"], "--seeds missing: not a folder"),
        (["--demo", "-o", "."], "-o .: is a folder; name the corpus file"),
    ],
)
def test_a_bad_command_line_is_refused_before_the_crawler_loads(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["crawl", *argv]) == 2
    assert capsys.readouterr().err.startswith(f"cleaners: error: {message}")
    assert "cleaners_crawler" not in sys.modules


def test_a_seed_folder_without_dumps_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.md").write_text("not a seed dump", "utf-8")
    assert main(["crawl", "--demo", "--seeds", str(tmp_path), "-o", "c.jsonl"]) == 2
    assert capsys.readouterr().err == (
        f"cleaners: error: --seeds {tmp_path}: no seed dumps (*.txt) in it\n"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--demo"], "the following arguments are required: -o/--output"),
        (["--demo", "-o", "c", "-s", "DEPTH_LIMIT"], "expected NAME=VALUE, not 'DEPTH_LIMIT'"),
        (["--demo", "-o", "c", "--pages", "-1"], "expected a whole number, not '-1'"),
    ],
)
def test_argument_errors_are_usage_errors(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["crawl", *argv]) == 2
    assert message in capsys.readouterr().err


def test_without_the_crawler_extra_one_line_says_what_to_install(tmp_path: Path) -> None:
    # Scrapy made unimportable, as in an install without the extra (test_install.py runs
    # the same command in a real one).
    code = (
        "import sys; sys.modules['scrapy'] = None; from cleaners.cli import main;"
        " sys.exit(main(['crawl', '--demo', '-o', 'corpus.jsonl']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "cleaners: error: the crawler is not installed (no module named 'scrapy'):"
        ' pip install "cleaners[crawler]"'
    ]
    assert list(tmp_path.iterdir()) == []
