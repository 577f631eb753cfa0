"""The ``cleaners`` command line, run in-process through `main` and once as a real process.

Most tests swap `cleaners.clean_text` for a predictable stand-in, so that they test the batch
mechanics (inputs, errors, output, atomic files) and not the cleaning rules.
"""

from __future__ import annotations

import io
import json
import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import cleaners
from cleaners.budget import OverBudget
from cleaners.cli import AtomicFile, main
from cleaners.document import Document, Removal

ROOT = Path(__file__).resolve().parents[2]
FIELDS = [
    "source",
    "title",
    "author",
    "authors",
    "published",
    "modified",
    "site",
    "language",
    "body",
    "removed",
    "canonical_url",
    "replies",
    "sources",
]
BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


class FakeCleaner:
    """Stands in for `clean_text`: first line is the title, the rest the body.

    `fail_on` makes the n-th call raise, as a Ctrl-C or a bug in the cleaner would.
    """

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.fail_on: tuple[int, BaseException] | None = None

    def __call__(self, text: str, **options: Any) -> Document:
        self.calls.append(text)
        if self.fail_on is not None and len(self.calls) == self.fail_on[0]:
            raise self.fail_on[1]
        title, _, body = text.strip().partition("\n")
        return Document(
            body.strip(), title=title, language="xx", removed=(Removal("title", title),)
        )


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeCleaner:
    cleaner = FakeCleaner()
    monkeypatch.setattr(cleaners, "clean_text", cleaner)
    return cleaner


@pytest.fixture
def docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of dumps, with the working directory set to its parent."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    (folder / ".git").mkdir()
    (folder / "b.txt").write_bytes(
        "乙标题\n\n南方多地迎来强降雨，防汛部门启动应急响应。".encode("gbk")
    )
    (folder / "a.txt").write_bytes("甲標題\n\n臺北市政府今天宣布調整公車票價。".encode("big5"))
    (folder / "sub" / "c.txt").write_text("Title C\n\nBody of C.", "utf-8")
    (folder / ".hidden.txt").write_text("hidden\n\nnot read", "utf-8")
    (folder / ".git" / "config.txt").write_text("hidden\n\nnot read", "utf-8")
    return folder


Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def records(jsonl: str) -> list[dict[str, Any]]:
    """Parse JSON Lines; split on \\n only, as str.splitlines would also split on U+2028."""
    assert jsonl == "" or jsonl.endswith("\n")
    return [json.loads(line) for line in jsonl.split("\n")[:-1]]


def sources(jsonl: str) -> list[str]:
    return [record["source"] for record in records(jsonl)]


# --- inputs ----------------------------------------------------------------------------------


def test_files_give_one_record_each_in_order(run: Run, fake: FakeCleaner, docs: Path) -> None:
    code, out, err = run("clean", "docs/sub/c.txt", "docs/b.txt")
    assert (code, err) == (0, "")
    first, second = records(out)
    assert list(first) == FIELDS
    assert first == {
        "source": "docs/sub/c.txt",
        "title": "Title C",
        "author": None,
        "authors": [],
        "published": None,
        "modified": None,
        "site": None,
        "language": "xx",
        "body": "Body of C.",
        "removed": [{"rule": "title", "text": "Title C"}],
        "canonical_url": None,
        "replies": [],
        "sources": {},
    }
    assert second["source"] == "docs/b.txt"
    assert second["body"] == "南方多地迎来强降雨，防汛部门启动应急响应。"
    assert "南方" in out  # not escaped to \u5357


def test_folder_is_walked_in_name_order_without_hidden_files(
    run: Run, fake: FakeCleaner, docs: Path
) -> None:
    code, out, err = run("clean", "docs")
    assert (code, err) == (0, "")
    assert sources(out) == ["docs/a.txt", "docs/b.txt", "docs/sub/c.txt"]
    assert [r["title"] for r in records(out)] == ["甲標題", "乙标题", "Title C"]


def test_glob_pattern_recurses_with_double_star(run: Run, fake: FakeCleaner, docs: Path) -> None:
    code, out, _ = run("clean", "docs/**/*.txt")
    assert code == 0
    assert sources(out) == ["docs/a.txt", "docs/b.txt", "docs/sub/c.txt"]


def test_stdin_is_read_as_bytes_and_decoded(
    run: Run, fake: FakeCleaner, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = "標題\n\n交通局長表示，近年來燃料與人事成本持續上漲。".encode("big5")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, _ = run("clean", "-")
    assert code == 0
    [record] = records(out)
    assert record["source"] == "-"
    assert record["body"] == "交通局長表示，近年來燃料與人事成本持續上漲。"


def test_broken_file_is_reported_and_the_batch_goes_on(
    run: Run, fake: FakeCleaner, docs: Path
) -> None:
    (docs / "a2.bin").write_bytes(BINARY)
    code, out, err = run("clean", "docs/a.txt", "docs/a2.bin", "docs/b.txt")
    assert code == 1
    assert sources(out) == ["docs/a.txt", "docs/b.txt"]
    assert err.startswith("cleaners: error: docs/a2.bin: not a text or HTML file (binary data (")
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("path", "reported", "reason"),
    [
        ("docs/missing.txt", "docs/missing.txt", "No such file or directory"),
        ("docs/*.nothing", "docs/*.nothing", "no file matches this pattern"),
        ("empty", "empty", "no files in this folder"),
        ("docs/s*", "docs/sub", "Is a directory"),  # a glob takes files, a folder must be named
    ],
)
def test_path_without_document_is_an_error_for_that_path_only(
    run: Run, fake: FakeCleaner, docs: Path, path: str, reported: str, reason: str
) -> None:
    (docs.parent / "empty").mkdir()
    code, out, err = run("clean", "docs/a.txt", path, "docs/b.txt")
    assert code == 1
    assert sources(out) == ["docs/a.txt", "docs/b.txt"]
    assert err == f"cleaners: error: {reported}: {reason}\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_is_reported(run: Run, fake: FakeCleaner, docs: Path) -> None:
    (docs / "a.txt").chmod(0)
    code, out, err = run("clean", "docs/a.txt", "docs/b.txt")
    assert code == 1
    assert sources(out) == ["docs/b.txt"]
    assert err == "cleaners: error: docs/a.txt: Permission denied\n"


# --- output ----------------------------------------------------------------------------------


def test_output_file_holds_the_records(run: Run, fake: FakeCleaner, docs: Path) -> None:
    code, out, err = run("clean", "docs", "-o", "out.jsonl")
    assert (code, out, err) == (0, "", "")
    text = (docs.parent / "out.jsonl").read_text("utf-8")
    assert sources(text) == ["docs/a.txt", "docs/b.txt", "docs/sub/c.txt"]
    assert sorted(p.name for p in docs.parent.iterdir()) == ["docs", "out.jsonl"]  # no temp file


def test_output_file_replaces_the_old_one_and_keeps_its_mode(
    run: Run, fake: FakeCleaner, docs: Path
) -> None:
    old = docs.parent / "out.jsonl"
    old.write_text("old content that is much longer than what the new run writes\n" * 50)
    old.chmod(0o640)
    assert run("clean", "docs/a.txt", "-o", "out.jsonl")[0] == 0
    assert sources(old.read_text("utf-8")) == ["docs/a.txt"]
    assert stat.S_IMODE(old.stat().st_mode) == 0o640


def test_new_output_file_gets_the_usual_permissions(
    run: Run, fake: FakeCleaner, docs: Path
) -> None:
    umask = os.umask(0o022)
    try:
        run("clean", "docs/a.txt", "-o", "out.jsonl")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((docs.parent / "out.jsonl").stat().st_mode) == 0o644


def test_output_inside_an_input_folder_is_not_read_back(
    run: Run, fake: FakeCleaner, docs: Path
) -> None:
    run("clean", "docs", "-o", "docs/out.jsonl")
    code, _, err = run("clean", "docs", "-o", "docs/out.jsonl")
    assert (code, err) == (0, "")
    assert len(records((docs / "out.jsonl").read_text("utf-8"))) == 3


def test_output_in_a_missing_folder_is_created(run: Run, fake: FakeCleaner, docs: Path) -> None:
    code, out, err = run("clean", "docs", "-o", "new/folder/out.jsonl")
    assert (code, out, err) == (0, "", "")
    text = (docs.parent / "new" / "folder" / "out.jsonl").read_text("utf-8")
    assert sources(text) == ["docs/a.txt", "docs/b.txt", "docs/sub/c.txt"]


OLD = '{"source": "old run"}\n'


def test_interrupt_leaves_the_old_output_and_a_partial_file(
    run: Run, fake: FakeCleaner, docs: Path
) -> None:
    (docs.parent / "out.jsonl").write_text(OLD, "utf-8")
    fake.fail_on = (3, KeyboardInterrupt())
    code, _, err = run("clean", "docs", "-o", "out.jsonl")
    assert (code, err) == (
        130,
        "cleaners: note: out.jsonl: left as it was; 2 complete records kept in out.jsonl.partial\n"
        "cleaners: interrupted\n",
    )
    assert (docs.parent / "out.jsonl").read_text("utf-8") == OLD
    partial = (docs.parent / "out.jsonl.partial").read_text("utf-8")
    assert sources(partial) == ["docs/a.txt", "docs/b.txt"]
    assert sorted(p.name for p in docs.parent.iterdir()) == [
        "docs",
        "out.jsonl",
        "out.jsonl.partial",
    ]


def test_interrupt_before_any_record_leaves_no_partial_file(
    run: Run, fake: FakeCleaner, docs: Path
) -> None:
    fake.fail_on = (1, KeyboardInterrupt())
    code, _, err = run("clean", "docs", "-o", "out.jsonl")
    assert code == 130
    assert err.startswith("cleaners: note: out.jsonl: left as it was; no complete record")
    assert sorted(p.name for p in docs.parent.iterdir()) == ["docs"]


def test_a_failing_input_is_reported_and_the_batch_goes_on(
    run: Run, fake: FakeCleaner, docs: Path
) -> None:
    fake.fail_on = (2, RuntimeError("bug in a rule"))
    code, _, err = run("clean", "docs", "-o", "out.jsonl")
    assert (code, err) == (
        1,
        "cleaners: error: docs/b.txt: cleaning failed: RuntimeError: bug in a rule\n",
    )
    text = (docs.parent / "out.jsonl").read_text("utf-8")
    assert sources(text) == ["docs/a.txt", "docs/sub/c.txt"]


def test_interrupt_in_the_middle_of_a_record_drops_that_record(
    run: Run, fake: FakeCleaner, docs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class HalfThirdWrite:
        """A raw file whose third write stops half-way, as Ctrl-C at the wrong time would."""

        def __init__(self, file: Any) -> None:
            self.file, self.writes = file, 0

        def write(self, data: memoryview) -> int:
            self.writes += 1
            if self.writes == 3:
                self.file.write(data[: len(data) // 2])
                raise KeyboardInterrupt
            return int(self.file.write(data))

        def __getattr__(self, name: str) -> Any:
            return getattr(self.file, name)

    fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda *a, **k: HalfThirdWrite(fdopen(*a, **k)))
    code, _, _ = run("clean", "docs", "-o", "out.jsonl")
    assert code == 130
    text = (docs.parent / "out.jsonl.partial").read_text("utf-8")
    assert sources(text) == ["docs/a.txt", "docs/b.txt"]


def test_text_format_separates_bodies_with_a_form_feed_line(
    run: Run, fake: FakeCleaner, docs: Path
) -> None:
    code, out, _ = run("clean", "docs", "--format", "text")
    assert code == 0
    assert out.split("\n\f\n") == [
        "臺北市政府今天宣布調整公車票價。",
        "南方多地迎来强降雨，防汛部门启动应急响应。",
        "Body of C.\n",
    ]


def test_markdown_format(
    run: Run, fake: FakeCleaner, docs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    untitled = Document("Only a body.", site="example.com")
    monkeypatch.setattr(cleaners, "clean_text", lambda text, **_: untitled)
    code, out, _ = run("clean", "docs/sub/c.txt", "--format", "markdown")
    assert out == "# docs/sub/c.txt\n\nSource: docs/sub/c.txt · Site: example.com\n\nOnly a body.\n"
    monkeypatch.setattr(cleaners, "clean_text", fake)
    code, out, _ = run("clean", "docs/a.txt", "docs/sub/c.txt", "--format", "markdown")
    assert code == 0
    assert out == (
        "# 甲標題\n\nSource: docs/a.txt · Language: xx\n\n臺北市政府今天宣布調整公車票價。\n"
        "\n---\n\n"
        "# Title C\n\nSource: docs/sub/c.txt · Language: xx\n\nBody of C.\n"
    )


# --- progress bar ----------------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("files", "flags", "shown"),
    [(25, [], True), (25, ["--no-progress"], False), (20, [], False)],
)
def test_progress_bar_on_a_terminal_for_long_batches(
    fake: FakeCleaner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    files: int,
    flags: list[str],
    shown: bool,
) -> None:
    for index in range(files):
        (tmp_path / f"{index:02}.txt").write_text(f"T{index}\n\nbody", "utf-8")
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["clean", str(tmp_path), "-o", str(tmp_path / "out.jsonl"), *flags]) == 0
    assert (f"{files}/{files}" in terminal.getvalue()) is shown


def test_no_progress_bar_when_stderr_is_not_a_terminal(
    run: Run, fake: FakeCleaner, tmp_path: Path
) -> None:
    for index in range(25):
        (tmp_path / f"{index:02}.txt").write_text("T\n\nbody", "utf-8")
    code, out, err = run("clean", str(tmp_path))
    assert (code, err) == (0, "")
    assert len(records(out)) == 25


# --- usage -----------------------------------------------------------------------------------


def test_version(run: Run) -> None:
    code, out, _ = run("--version")
    assert code == 0
    assert out.startswith("cleaners ")
    assert out.split()[1][0].isdigit()


@pytest.mark.parametrize(
    "argv", [[], ["clean"], ["clean", "x", "--format", "pdf"], ["frobnicate"], ["clean", "-z"]]
)
def test_usage_errors_exit_2(run: Run, argv: list[str]) -> None:
    code, out, err = run(*argv)
    assert (code, out) == (2, "")
    assert "usage: cleaners" in err


def test_help_documents_formats_and_exit_status(run: Run) -> None:
    code, out, _ = run("clean", "--help")
    assert code == 0
    assert "form feed" in out
    assert "exit status" in out


# --- with the real cleaner -------------------------------------------------------------------


def test_gbk_seed_cleans_like_its_utf8_text(
    run: Run, tmp_path: Path, seeds: dict[str, str]
) -> None:
    dump = tmp_path / "forum.txt"
    dump.write_bytes(seeds["forum"].encode("gbk"))
    code, out, err = run("clean", str(dump))
    assert (code, err) == (0, "")
    [record] = records(out)
    assert record == {"source": str(dump), **cleaners.clean_text(seeds["forum"]).to_dict()}
    assert record["body"]


def test_console_entry_point_runs(tmp_path: Path) -> None:
    seed = sorted((ROOT / "seeds").glob("*.txt"))[1]
    english = (ROOT / "fixtures" / "decode" / "en_news.txt").read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "cleaners", "clean", str(seed), "-"],
        input=english.decode("utf-8").encode("utf-16"),
        capture_output=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, b"")
    news, stdin = records(result.stdout.decode("utf-8"))
    assert (news["source"], stdin["source"]) == (str(seed), "-")
    assert news["language"] == "zh-cn"
    assert "bike lanes" in stdin["body"]


# --- HTML inputs and cleaner options ----------------------------------------------------------

ARTICLE_HTML = """<!DOCTYPE html><html><head><meta charset="gbk"><title>大桥通车 | 示例日报</title>
</head><body><nav><a href="/">首页</a> <a href="/news">新闻</a></nav><article><h1>大桥通车</h1>
<p>市政府周五宣布，历时十年建设的跨江大桥正式通车，市民往返两岸的时间将缩短一半。</p>
<p>交通部门表示，通车后首月将免收通行费，并在早晚高峰增派人员疏导交通。</p></article>
<footer>版权所有 © 2024 示例日报</footer></body></html>"""


def test_html_is_told_by_content_and_cleaned_as_html(tmp_path: Path, run: Run) -> None:
    page = tmp_path / "page.dat"  # no .html name: the content says what it is
    page.write_bytes(ARTICLE_HTML.encode("gb18030"))  # declared gbk: read as its superset
    code, out, err = run("clean", str(page))
    assert (code, err) == (0, "")
    (record,) = records(out)
    assert record["title"] == "大桥通车"
    assert record["body"].startswith("市政府周五宣布")
    assert "首页" not in record["body"] and "版权所有" not in record["body"]


def test_phrases_file_extends_the_phrase_lists(tmp_path: Path, run: Run) -> None:
    dump = tmp_path / "dump.txt"
    body = "The council approved the budget on Monday after a long debate in the chamber."
    dump.write_text(f"{body}\n\nElsewhere on the site\n\nThe council approved it.\n", "utf-8")
    phrases = tmp_path / "mine.toml"
    phrases.write_text('[en]\nlist_heading = ["Elsewhere on the site"]\n', "utf-8")
    _, out, _ = run("clean", str(dump))
    assert "Elsewhere on the site" in records(out)[0]["body"]
    code, out, err = run("clean", "--phrases", str(phrases), str(dump))
    assert (code, err) == (0, "")
    (record,) = records(out)
    assert "Elsewhere" not in record["body"]
    assert {"rule": "list-heading", "text": "Elsewhere on the site"} in record["removed"]


def test_without_disables_a_rule(tmp_path: Path, run: Run) -> None:
    dump = tmp_path / "dump.txt"
    dump.write_text(
        "The mayor opened the bridge on Friday. Advertisement Traffic will ease soon.", "utf-8"
    )
    _, out, _ = run("clean", str(dump))
    assert "Advertisement" not in records(out)[0]["body"]
    _, out, _ = run("clean", "--without", "inline-marker", str(dump))
    assert "Advertisement" in records(out)[0]["body"]


def test_bad_phrases_file_or_rule_is_a_usage_error(tmp_path: Path, run: Run) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[en\nlist_heading = 3", "utf-8")
    code, out, err = run("clean", "--phrases", str(broken), "-")
    assert (code, out) == (2, "") and "broken.toml" in err
    code, out, err = run("clean", "--without", "no-such-rule", "-")
    assert (code, out) == (2, "") and "no-such-rule" in err


def test_page_too_large_is_reported_and_skipped(tmp_path: Path, run: Run) -> None:
    small = tmp_path / "small.html"
    small.write_text(ARTICLE_HTML, "utf-8")
    huge = tmp_path / "huge.html"  # more elements than Options.max_elements allows
    huge.write_text("<html><body>" + "<p>x</p>" * 210_000 + "</body></html>", "utf-8")
    code, out, err = run("clean", str(small), str(huge))
    assert code == 1
    assert sources(out) == [str(small)]
    assert str(huge) in err and "limit" in err


def test_binary_named_html_is_reported_not_cleaned(tmp_path: Path, run: Run) -> None:
    page = tmp_path / "logo.html"
    page.write_bytes(BINARY)
    code, out, err = run("clean", str(page))
    assert (code, out) == (1, "")
    assert str(page) in err and "binary" in err


# --- bad inputs, budgets, pipes and signals ----------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"  \n\t\n"])
def test_empty_input_is_reported_and_skipped(
    run: Run, fake: FakeCleaner, docs: Path, content: bytes
) -> None:
    (docs / "empty.txt").write_bytes(content)
    code, out, err = run("clean", "docs/a.txt", "docs/empty.txt", "docs/b.txt")
    assert code == 1
    assert sources(out) == ["docs/a.txt", "docs/b.txt"]
    assert err == "cleaners: error: docs/empty.txt: empty, nothing to clean\n"


def test_binary_text_input_is_not_a_text_file(run: Run, fake: FakeCleaner, docs: Path) -> None:
    (docs / "logo.png").write_bytes(BINARY)
    code, out, err = run("clean", "docs/logo.png", "docs/b.txt")
    assert (code, sources(out)) == (1, ["docs/b.txt"])
    assert err.startswith("cleaners: error: docs/logo.png: not a text or HTML file (binary data")
    assert fake.calls == ["乙标题\n\n南方多地迎来强降雨，防汛部门启动应急响应。"]


def test_input_over_the_budget_is_reported_and_the_batch_goes_on(
    run: Run, fake: FakeCleaner, docs: Path
) -> None:
    fake.fail_on = (1, OverBudget(2.0, "analyse"))
    code, out, err = run("clean", "docs/a.txt", "docs/b.txt", "--timeout", "2")
    assert (code, sources(out)) == (1, ["docs/b.txt"])
    assert err == (
        "cleaners: error: docs/a.txt: over the time budget of 2 s (stopped after analyse);"
        " skipped\n"
    )


def test_timeout_reaches_the_cleaner(tmp_path: Path, run: Run) -> None:
    dump = tmp_path / "lines.txt"
    dump.write_text("Short line here\n" * 2_000, "utf-8")
    code, out, err = run("clean", str(dump), "--timeout", "1e-9")
    assert (code, out) == (1, "")
    budget = "over the time budget of 1e-09 s (stopped after segment)"
    assert err == f"cleaners: error: {dump}: {budget}; skipped\n"


@pytest.mark.parametrize("value", ["0", "-1", "soon", "inf"])
def test_timeout_must_be_positive_seconds(run: Run, value: str) -> None:
    code, _, err = run("clean", "-", "--timeout", value)
    assert code == 2 and "not a positive number of seconds" in err


def test_charset_notes_are_printed_and_the_page_is_cleaned(tmp_path: Path, run: Run) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(ARTICLE_HTML.replace('charset="gbk"', 'charset="zlib"').encode("gb18030"))
    code, out, err = run("clean", str(page))
    assert code == 0
    assert (
        err
        == f"cleaners: note: {page}: <meta> charset 'zlib' is not a known text encoding: ignored\n"
    )
    assert "大桥" in records(out)[0]["body"]


def command(*argv: str) -> list[str]:
    return [sys.executable, "-m", "cleaners", "clean", *argv]


ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def test_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    seed = str(sorted((ROOT / "seeds").glob("*.txt"))[1])
    with subprocess.Popen(
        command(*[seed] * 40), stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path, env=ENV
    ) as child:
        assert child.stdout is not None and child.stderr is not None
        first = child.stdout.readline()  # like `| head -1`: read one record, then go away
        child.stdout.close()
        err = child.stderr.read()
        code = child.wait(timeout=120)
    assert json.loads(first)["source"] == seed
    assert (code, err) == (0, b"")


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_or_kill_keeps_the_old_output_and_the_whole_records(
    tmp_path: Path, signum: int
) -> None:
    seed = str(sorted((ROOT / "seeds").glob("*.txt"))[1])
    out = tmp_path / "out.jsonl"
    out.write_text(OLD, "utf-8")
    with subprocess.Popen(
        command(*[seed] * 400, "-o", str(out)), stderr=subprocess.PIPE, cwd=tmp_path, env=ENV
    ) as child:
        assert child.stderr is not None
        deadline = time.monotonic() + 60
        while not any(p.stat().st_size for p in tmp_path.glob(".out.jsonl.*.part")):
            assert child.poll() is None and time.monotonic() < deadline, "no record written"
            time.sleep(0.05)
        child.send_signal(signum)
        err = child.stderr.read().decode("utf-8")
        code = child.wait(timeout=60)
    assert code == 130
    assert out.read_text("utf-8") == OLD
    kept = records((tmp_path / "out.jsonl.partial").read_text("utf-8"))
    assert kept and all(record["source"] == seed for record in kept)
    count = f"{len(kept)} complete record{'s' if len(kept) != 1 else ''}"
    assert err == (
        f"cleaners: note: {out}: left as it was; {count} kept in {out}.partial\n"
        "cleaners: interrupted\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl", "out.jsonl.partial"]


def test_full_disk_keeps_the_old_output_and_the_records_written(
    run: Run, fake: FakeCleaner, docs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (docs.parent / "out.jsonl").write_text(OLD, "utf-8")
    write = AtomicFile.write

    def second_write_fails(self: AtomicFile, record: str) -> None:
        if self.records == 1:
            raise OSError(28, "No space left on device")
        write(self, record)

    monkeypatch.setattr(AtomicFile, "write", second_write_fails)
    code, _, err = run("clean", "docs", "-o", "out.jsonl")
    assert (code, err) == (
        1,
        "cleaners: note: out.jsonl: left as it was; 1 complete record kept in out.jsonl.partial\n"
        "cleaners: error: out.jsonl: No space left on device\n",
    )
    assert (docs.parent / "out.jsonl").read_text("utf-8") == OLD
    assert sources((docs.parent / "out.jsonl.partial").read_text("utf-8")) == ["docs/a.txt"]


def test_timeout_interrupts_a_stage_that_overruns(
    run: Run, fake: FakeCleaner, docs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The budget is checked between stages; inside one, a timer stops it."""

    def slow(text: str, **options: Any) -> Document:
        if "乙标题" in text:
            time.sleep(30)  # a stage stuck in Python code
        return fake(text, **options)

    monkeypatch.setattr(cleaners, "clean_text", slow)
    start = time.monotonic()
    code, out, err = run("clean", "docs/b.txt", "docs/a.txt", "--timeout", "0.3")
    assert time.monotonic() - start < 15  # interrupted after 0.3 s + 1 s of grace, not 30 s
    assert (code, sources(out)) == (1, ["docs/a.txt"])
    assert err == (
        "cleaners: error: docs/b.txt: over the time budget of 0.3 s"
        " (stopped after a stage, interrupted); skipped\n"
    )
    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL  # the handler is put back
