"""Thread replies: quotes of earlier text are found in a bounded window, so the cost of each
lookup does not grow with the thread."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaners import clean_text, revise
from cleaners.options import Options

BASE = (
    Path(__file__).resolve().parents[2]
    / "fixtures"
    / "text"
    / "zh-forum-lines-parenting-replies"
    / "input.txt"
).read_text("utf-8")
FIRST_POST = BASE[: BASE.index("2楼 沙发")]
OPENING = "女儿去年九月升入初一,开学头两个月,我们全家都有点手忙脚乱。"


def thread(posts: int, quote_at: int | None = None) -> str:
    """The fixture's first post, then `posts` replies; one of them quotes its opening."""
    rows = [FIRST_POST]
    for i in range(2, posts + 2):
        text = f"这是第{i}楼的回复,我同意楼上的观点,谢谢分享。编号{i}。"
        text = f"{OPENING}\n{text}" if i == quote_at else text
        rows.append(f"{i}楼\n用户{i}\n发表于 2024-03-05 21:{i % 60:02d}\n{text}\n赞(3) 回复\n")
    return "".join(rows)


def test_every_reply_is_found() -> None:
    doc = clean_text(thread(300), options=Options(detect_language=False))
    assert len(doc.replies) == 300
    assert doc.replies[-1].text == "这是第301楼的回复,我同意楼上的观点,谢谢分享。编号301。"


def test_quote_lookups_read_a_bounded_window(monkeypatch: pytest.MonkeyPatch) -> None:
    window = 2000
    monkeypatch.setattr(revise, "QUOTE_LOOKBACK_CHARS", window)
    read: list[int] = []
    is_repeated = revise.is_repeated

    def counting(text: str, earlier: str) -> bool:
        read.append(len(earlier))
        return is_repeated(text, earlier)

    monkeypatch.setattr(revise, "is_repeated", counting)
    doc = clean_text(thread(400, quote_at=390), options=Options(detect_language=False))
    assert len(doc.replies) == 400
    assert doc.replies[388].text == "这是第390楼的回复,我同意楼上的观点,谢谢分享。编号390。"
    assert max(read) <= 2 * window + 100  # the window, and at most one reply beyond it
    # The first post's opening is still found, long after the window moved past it.
    assert any(r.rule == "quote" and r.text == OPENING for r in doc.removed)
