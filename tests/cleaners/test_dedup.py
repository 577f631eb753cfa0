"""``cleaners dedup``: exact and near duplicates across a JSON Lines corpus."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from cleaners.cli import main

STORY = (
    "市政府周五宣布，历时十年建设的跨江大桥正式通车，市民往返两岸的时间将缩短一半。"
    "交通部门表示，通车后首月将免收通行费，并在早晚高峰增派人员疏导交通。"
)
STORY_TW = (
    "市政府週五宣佈，歷時十年建設的跨江大橋正式通車，市民往返兩岸的時間將縮短一半。"
    "交通部門表示，通車後首月將免收通行費，並在早晚高峰增派人員疏導交通。"
)
OTHER = "本市轨道交通十八号线南段于昨日清晨正式开通运营，沿线居民出行更加便利。" * 2
ENGLISH = (
    "The city council voted on Tuesday to build twelve kilometres of protected bike lanes "
    "along the river, a plan cyclists have pressed for since 2019."
)


def write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def read(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write(
        tmp_path / "corpus.jsonl",
        [
            {"source": "a", "body": STORY, "published": "2024-05-03T08:00:00+08:00"},
            {"source": "b", "body": OTHER},
            {"source": "c", "body": STORY + "\n\n（本报记者 王芳）", "published": "2024-05-02"},
            {"source": "d", "body": STORY_TW, "published": "2024-05-04T00:00:00Z"},
            {"source": "e", "body": ENGLISH},
            {"source": "f", "body": ENGLISH.upper().replace(",", " ,")},  # same tokens
            {"source": "g", "body": "综合报道：" + STORY[:-8]},
        ],
    )


@pytest.mark.parametrize(
    ("keep", "expected"),
    [
        ("first", ["a", "b", "e"]),
        ("longest", ["b", "c", "f"]),  # f has one character more than e
        ("earliest", ["b", "c", "e"]),  # e and f are undated: the first stays
    ],
)
def test_duplicates_are_dropped_and_the_policy_picks_the_copy(
    corpus: Path, tmp_path: Path, keep: str, expected: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["dedup", str(corpus), "-o", str(out), "--keep", keep]) == 0
    assert [record["source"] for record in read(out)] == expected
    assert capsys.readouterr().err == (
        "cleaners: dedup: 7 records, 3 kept, 4 dropped (2 exact, 2 near duplicates) in 2 clusters\n"
    )


def test_kept_records_are_written_unchanged(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["dedup", str(corpus), "-o", str(out)]) == 0
    lines = corpus.read_text("utf-8").splitlines(keepends=True)
    assert out.read_text("utf-8") == lines[0] + lines[1] + lines[4]


def test_cluster_report_names_members_reasons_and_matches(corpus: Path, tmp_path: Path) -> None:
    report = tmp_path / "clusters.jsonl"
    assert main(["dedup", str(corpus), "-o", "-", "--report", str(report)]) == 0
    story, english = read(report)
    assert (story["kept"], story["size"]) == ("a", 4)
    assert [m["name"] for m in story["members"]] == ["a", "c", "d", "g"]
    assert story["members"][0] == {"record": 1, "name": "a"}
    traditional = story["members"][2]
    # Folded to simplified, the traditional copy is the same text.
    assert (traditional["reason"], traditional["matched"]) == ("exact", 1)
    assert (story["members"][1]["reason"], story["members"][3]["reason"]) == ("near", "near")
    assert english["members"][1] == {
        "record": 6,
        "name": "f",
        "reason": "exact",
        "similarity": 1.0,
        "matched": 5,
    }


def test_several_files_are_one_corpus_and_a_bad_line_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = write(tmp_path / "1.jsonl", [{"url": "u1", "body": STORY}])
    second = tmp_path / "2.jsonl"
    second.write_text(
        "not json\n\n" + json.dumps({"url": "u2", "body": STORY}) + "\n[1, 2]\n", "utf-8"
    )
    assert main(["dedup", str(first), str(second)]) == 1
    out, err = capsys.readouterr()
    assert [json.loads(line)["url"] for line in out.splitlines()] == ["u1"]
    assert err.splitlines() == [
        f"cleaners: error: {second}:1: not a JSON object",
        f"cleaners: error: {second}:4: not a JSON object",
        "cleaners: dedup: 2 records, 1 kept, 1 dropped (1 exact, 0 near duplicates) in 1 cluster",
    ]


def test_a_failed_run_leaves_the_previous_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n", "utf-8")
    broken = tmp_path / "broken.jsonl"
    broken.write_bytes(json.dumps({"body": STORY}).encode() + b"\n\xff\xfe\n")
    assert main(["dedup", str(broken), "-o", str(out)]) == 1
    assert out.read_text("utf-8") == "previous\n"
    assert "not UTF-8 text" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.jsonl", "out.jsonl"]


def test_missing_input_and_bad_threshold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["dedup", str(tmp_path / "none.jsonl")]) == 1
    assert "none.jsonl: not a file" in capsys.readouterr().err
    assert main(["dedup", "x", "--threshold", "0"]) == 2
    assert main(["dedup", "x", "--keep", "shortest"]) == 2


def test_stdin_is_one_input_among_the_files(
    corpus: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Read twice like a file (it is copied first); named `-` in messages.
    piped = corpus.read_bytes() + b"not json\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(piped), encoding="utf-8"))
    later = write(tmp_path / "later.jsonl", [{"source": "h", "body": STORY}])
    out = tmp_path / "out.jsonl"
    assert main(["dedup", "-", str(later), "-o", str(out), "--tmp-dir", str(tmp_path)]) == 1
    assert [record["source"] for record in read(out)] == ["a", "b", "e"]
    assert capsys.readouterr().err.splitlines() == [
        "cleaners: error: -:8: not a JSON object",
        "cleaners: dedup: 8 records, 3 kept, 5 dropped (3 exact, 2 near duplicates) in 2 clusters",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "corpus.jsonl",
        "later.jsonl",
        "out.jsonl",
    ]


def test_stdin_can_be_named_once(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dedup", "-", "-"]) == 2
    assert capsys.readouterr().err == "cleaners: error: - (stdin) can be read once only\n"
