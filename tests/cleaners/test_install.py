"""A plain `pip install .` in a fresh virtual environment gives a working package, and
`pip install ".[crawler]"` a crawler that runs in any folder.

The environment is made from scratch, outside the checkout, with the core dependencies
only (no extras), so an import that needs an undeclared or optional package fails here
as it would for a new user. The second test adds the `crawler` extra to the same
environment (one environment for both, to keep the time down: they run in this order)
and crawls the bundled fixture site from an empty folder. pip uses the machine's own
configuration (its cache and registry), as `./run setup` does.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import venv
from dataclasses import dataclass
from pathlib import Path
from unittest.mock import ANY

import pytest

import cleaners
from crawler.demo import LOOPBACK_SETTINGS
from crawler.fixturesite import FixtureSite
from tests.crawler.conftest import EXPECTED_PATHS

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = "cleaners_crawler.settings"
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


def _run(
    args: list[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **env} if env else None
    return subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, timeout=600, check=False, env=environment
    )


@dataclass(frozen=True)
class Installed:
    """A fresh environment with the project installed, and an empty folder to work in."""

    source: Path
    env: Path
    work: Path

    def bin(self, name: str) -> str:
        """A command of the environment."""
        return str(self.env / "bin" / name)

    def folder(self, name: str) -> Path:
        """A new empty folder outside the checkout."""
        path = self.work.parent / name
        path.mkdir()
        return path


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """The project copied out of the checkout and installed with its core dependencies."""
    tmp_path = tmp_path_factory.mktemp("install")
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
    work = tmp_path / "elsewhere"  # not the checkout: only the installed package is found
    work.mkdir()
    return Installed(source, env_dir, work)


def sysconfig_purelib(python: str) -> Path:
    """The environment's site-packages."""
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    return Path(_run([python, "-c", code], Path.cwd()).stdout.strip())


@pytest.mark.slow
def test_plain_install_imports_and_cleans_a_page(installed: Installed) -> None:
    env_dir, work, python = installed.env, installed.work, installed.bin("python")
    assert _run([python, "-m", "pip", "check"], work).returncode == 0

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
    # The crawler's code is installed, under a name of its own (no top-level `crawler`) ...
    top = "from importlib import metadata; print(*{f.parts[0] for f in metadata.files('cleaners')})"
    names = set(_run([python, "-c", top], work).stdout.split())
    assert {name for name in names if name != ".." and not name.endswith(".dist-info")} == {
        "cleaners",
        "cleaners_crawler",
    }
    # ... but without its extra `cleaners crawl` says what to install, in one line.
    crawl = _run([installed.bin("cleaners"), "crawl", "--demo", "-o", "out.jsonl"], work)
    assert crawl.returncode == 1
    assert crawl.stderr.splitlines() == [
        "cleaners: error: the crawler is not installed (no module named 'scrapy'):"
        ' pip install "cleaners[crawler]"'
    ]
    assert not (work / "out.jsonl").exists()


@pytest.fixture(scope="module")
def with_crawler(installed: Installed) -> Installed:
    """The same environment with the `crawler` extra added (after the core-only test)."""
    python = installed.bin("python")
    extra = [python, "-m", "pip", "install", "--quiet", f"{installed.source}[crawler]"]
    added = _run(extra, installed.work)
    assert added.returncode == 0, added.stderr
    assert _run([python, "-m", "pip", "check"], installed.work).returncode == 0
    return installed


@pytest.mark.slow
def test_the_bundled_seeds_are_found_in_the_installed_package(with_crawler: Installed) -> None:
    python = with_crawler.bin("python")
    where = "from cleaners_crawler.bundled import bundled; print(bundled('seeds'))"
    seeds = Path(_run([python, "-c", where], with_crawler.work).stdout.strip())
    assert seeds.is_relative_to(sysconfig_purelib(python))
    assert sorted(p.name for p in seeds.iterdir()) == sorted(
        p.name for p in (ROOT / "seeds").glob("*.txt")
    )


@pytest.mark.slow
def test_cleaners_crawl_demo_runs_in_an_empty_folder(with_crawler: Installed) -> None:
    empty = with_crawler.folder("demo")
    crawl = _run([with_crawler.bin("cleaners"), "crawl", "--demo", "-o", "out.jsonl"], empty)
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    found = re.search(r"the bundled fixture site at (http://127\.0\.0\.1:\d+)/", crawl.stderr)
    assert found is not None, crawl.stderr
    items = [json.loads(line) for line in (empty / "out.jsonl").read_text("utf-8").splitlines()]
    paths = {item["url"].removeprefix(found[1]) for item in items}
    # Two pages have copies on the site, and with requests in parallel either copy may be
    # the one kept: the others are fixed, and so is the count.
    copied = {"/news/2025/12/h200-export.html", "/bbs/thread-1001.html"}
    assert len(items) == len(EXPECTED_PATHS) and paths >= EXPECTED_PATHS - copied
    assert all(item["body"] and item["similarity"] >= 0.08 for item in items)
    gbk = next(item for item in items if item["url"].endswith("/hbm-controls.html"))
    assert "高带宽内存" in gbk["body"]
    assert [p.name for p in empty.iterdir()] == ["out.jsonl"]


@pytest.mark.slow
def test_scrapy_finds_the_project_by_its_settings_module(with_crawler: Installed) -> None:
    scrapy, project = with_crawler.bin("scrapy"), {"SCRAPY_SETTINGS_MODULE": SETTINGS}
    listed = _run([scrapy, "list"], with_crawler.work, project)
    assert listed.returncode == 0, listed.stderr[-3000:]
    assert listed.stdout.split() == ["similar"]
    commands = re.findall(r"^  (\w+) ", _run([scrapy], with_crawler.work, project).stdout, re.M)
    assert {"crawl", "crawlstatus", "export"} <= set(commands)
    folder = with_crawler.folder("scrapy")
    settings = [f"{name}={value}" for name, value in LOOPBACK_SETTINGS.items()]
    with FixtureSite() as site:
        argv = [scrapy, "crawl", "similar", "-a", f"start_urls={site.url('/')}", "-O", "s.jsonl"]
        for setting in [*settings, "LOG_LEVEL=WARNING"]:
            argv += ["-s", setting]
        crawled = _run(argv, folder, project)
    assert crawled.returncode == 0, crawled.stderr[-3000:]
    # From the home page only (the sitemap's orphan page is not reached): the others.
    assert len((folder / "s.jsonl").read_text("utf-8").splitlines()) == len(EXPECTED_PATHS) - 1
