"""A plain `pip install .` in a fresh virtual environment gives a working package.

The environment is made from scratch, outside the checkout, with the core dependencies
only (no extras), so an import that needs an undeclared or optional package fails here
as it would for a new user. pip uses the machine's own configuration (its cache and
registry), as `./run setup` does.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import venv
from pathlib import Path
from unittest.mock import ANY

import pytest

import cleaners

ROOT = Path(__file__).resolve().parents[2]
#: What a source distribution of the project holds; copied so the build leaves no
#: egg-info or build/ folder in the checkout.
SHIPPED = [
    "pyproject.toml",
    "README.md",
    "LICENSE",
    "cleaners",
    "crawler",
    "seeds",
    "fixtures/site",
]

PAGE = (
    "<html><head><title>大桥通车 | 示例日报</title></head><body><nav><a href=/>首页</a></nav>"
    "<article><h1>大桥通车</h1><p>市政府周五宣布，历时十年建设的跨江大桥正式通车，"
    "市民往返两岸的时间将缩短一半。</p><p>交通部门表示，通车后首月将免收通行费。</p>"
    "</article></body></html>"
)
DUMP = (
    "Home | News | Sport\n\nThe mayor opened the new bridge on Friday, ending a decade of delays."
)
CHECK = f"""
import json, cleaners
from importlib import metadata
doc = cleaners.clean_html({PAGE!r}.encode("gbk"), encoding="gbk")
text = cleaners.clean_text({DUMP!r})
licence = metadata.metadata("cleaners")["License-Expression"]
print(json.dumps({{"file": cleaners.__file__, "title": doc.title, "body": doc.body,
                  "text": text.body, "license": licence}}))
"""


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=600, check=False)


@pytest.mark.slow
def test_plain_install_imports_and_cleans_a_page(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    for name in SHIPPED:
        if (ROOT / name).is_dir():
            skip = shutil.ignore_patterns("__pycache__")
            shutil.copytree(ROOT / name, source / name, ignore=skip)
        else:
            shutil.copy2(ROOT / name, source / name)
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True)
    python = str(env_dir / "bin" / "python")
    # Stock pip 23 cannot resolve trafilatura's lxml[html-clean] extra (see ./run).
    upgrade = _run([python, "-m", "pip", "install", "--quiet", "--upgrade", "pip"], tmp_path)
    assert upgrade.returncode == 0, upgrade.stderr
    install = _run([python, "-m", "pip", "install", "--quiet", str(source)], tmp_path)
    assert install.returncode == 0, install.stderr
    assert _run([python, "-m", "pip", "check"], tmp_path).returncode == 0

    work = tmp_path / "elsewhere"  # not the checkout: only the installed package is found
    work.mkdir()
    result = _run([python, "-c", CHECK], work)
    assert result.returncode == 0, result.stderr
    checked = json.loads(result.stdout)
    assert checked["file"].startswith(str(env_dir))
    here = cleaners.clean_html(PAGE.encode("gbk"), encoding="gbk")  # the checkout's result
    assert (checked["title"], checked["body"]) == (here.title, here.body) == ("大桥通车", ANY)
    assert "跨江大桥正式通车" in checked["body"]
    assert checked["text"] == cleaners.clean_text(DUMP).body
    assert checked["text"].startswith("The mayor opened")
    assert checked["license"] == "MIT"

    console = _run([str(env_dir / "bin" / "cleaners"), "--help"], work)
    assert console.returncode == 0, console.stderr
    assert "clean" in console.stdout
    # WARC input and dedup need only the core dependencies too.
    archive = str(ROOT / "fixtures" / "warc" / "sample.warc.gz")
    cleaned = _run([str(env_dir / "bin" / "cleaners"), "clean", archive, "-o", "c.jsonl"], work)
    assert cleaned.returncode == 0, cleaned.stderr
    deduped = _run([str(env_dir / "bin" / "cleaners"), "dedup", "c.jsonl", "c.jsonl"], work)
    assert deduped.returncode == 0, deduped.stderr
    assert [json.loads(line)["url"] for line in deduped.stdout.splitlines()] == [
        "http://news.example.cn/2024/05/bridge.html",
        "https://gazette.example.com/news/bike-lanes",
    ]
    # The optional extras are not pulled in by the core install.
    missing = _run([python, "-c", "import bs4"], work)
    assert "No module named 'bs4'" in missing.stderr
