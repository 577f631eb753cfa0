"""Forum threads: the first post is the body, the replies come apart with author and time,
and quotes of earlier posts are not repeated as a reply's text."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from cleaners import Document, clean_text
from cleaners.options import Options
from cleaners.pipeline import Metadata, clean_dump

TEXT = Path(__file__).resolve().parents[2] / "fixtures" / "text"


def thread(case: str) -> Document:
    return clean_text((TEXT / case / "input.txt").read_text("utf-8"))


def test_markdown_thread_gives_replies_with_poster_and_time() -> None:
    doc = thread("zh-forum-markdown-renovation-thread")
    assert doc.author == "老城小猫" and doc.published == "2024-03-05T08:30:12"
    assert [r.author for r in doc.replies] == ["装修小白阿杰", "木子李的家", "青砖灰瓦", "老城小猫"]
    assert doc.replies[0].published == "2024-03-05T09:02:44"
    assert doc.replies[0].text.startswith("收藏了")
    for reply in doc.replies:
        assert reply.text not in doc.body


def test_quote_with_a_label_is_left_out_of_the_reply() -> None:
    doc = thread("zh-forum-markdown-renovation-thread")
    second = doc.replies[1]
    assert second.text.startswith("同意,我家当年就是没做闭水")
    assert "闭水试验,放满水等48小时" not in second.text
    assert any(r.rule == "quote" and r.text.startswith("引用") for r in doc.removed)


def test_lines_thread_with_header_rows_on_separate_lines() -> None:
    doc = thread("zh-forum-lines-parenting-replies")
    assert [r.author for r in doc.replies][:4] == [
        "sunny爸爸",
        "小鱼儿她妈",
        "陈老师不是老师",
        "晴天的妈妈",
    ]
    # A repeated sentence of the first post inside a reply is a quote, not reply text.
    assert "手机集中管理" not in doc.replies[1].text
    assert doc.replies[1].text == "我们家也是这样做的,不过周末一小时根本不够她看的,哈哈。"


def test_relative_reply_times_need_a_fetch_time() -> None:
    text = (TEXT / "zh-forum-lines-parenting-replies" / "input.txt").read_text("utf-8")
    options = Options(detect_language=False)
    without = clean_dump(text, url=None, options=options)
    assert without.replies[2].published is None  # "发表于 3 天前" and no clock to count from
    fetched = datetime(2024, 3, 8, 20, 0)
    with_time = clean_dump(text, url=None, options=options, known=Metadata(), now=fetched)
    assert with_time.replies[2].published == "2024-03-05"


@pytest.mark.parametrize(
    "case",
    [
        "en-news-markdown-wire-port-strike",
        "zh-news-lines-drainage-retrofit",
        "zh-blog-lines-wechat-essay-market",
    ],
)
def test_articles_have_no_replies(case: str) -> None:
    assert thread(case).replies == ()


def test_reply_rule_can_be_turned_off() -> None:
    text = (TEXT / "zh-forum-markdown-renovation-thread" / "input.txt").read_text("utf-8")
    assert clean_text(text, options=Options().without("reply")).replies == ()
