"""The two seed dumps: what the issue says must be kept, removed and read off them."""

from __future__ import annotations

import pytest

from cleaners import Document, clean_text


@pytest.fixture(scope="module")
def forum(seeds: dict[str, str]) -> Document:
    return clean_text(seeds["forum"])


@pytest.fixture(scope="module")
def news(seeds: dict[str, str]) -> Document:
    return clean_text(seeds["news"])


def removed_by(doc: Document, rule: str) -> list[str]:
    return [r.text for r in doc.removed if r.rule == rule]


def test_forum_body_spans_the_article(forum: Document) -> None:
    assert forum.body.startswith("全球AI竞赛如火如荼之际")
    assert forum.body.endswith("卓薇安说。")
    for subheading in ("中国“战略自主”影响辉达晶片?", "特朗普的盘算", "美中科技博弈持续"):
        assert subheading in forum.body


def test_forum_chrome_is_gone(forum: Document) -> None:
    for chrome in (
        "送交者",
        "发送悄悄话",
        "|",
        "![]",
        "End of 热读",
        "实用资讯",
        "一周点击热帖",
        "一周回复热帖",
        "历史上的今天",
        "2024:",
    ):
        assert chrome not in forum.body, chrome
    assert "End of 热读" in removed_by(forum, "inline-marker")
    assert any("送交者" in t for t in removed_by(forum, "forum-header"))


def test_forum_title_and_byline_are_metadata_not_body(forum: Document) -> None:
    assert forum.title is not None and "特朗普虽解禁H200晶片" in forum.title
    assert "吕嘉鸿" not in forum.body and "BBC中文 全球" not in forum.body
    assert forum.author is not None and "吕嘉鸿" in forum.author
    assert removed_by(forum, "title-repeat") == [
        "特朗普虽解禁H200晶片,中国“算力自主”策略下辉达尚难言庆祝"
    ]


def test_forum_metadata(forum: Document) -> None:
    assert forum.published == "2025-12-13T12:40:11"
    assert forum.site == "世界军事论坛"
    assert forum.language is not None and forum.language.startswith("zh")


def test_forum_paragraphs_are_split_at_sentence_spaces(forum: Document) -> None:
    paragraphs = forum.paragraphs
    assert len(paragraphs) > 20
    assert all(p == p.strip() and p for p in paragraphs)


def test_news_body_is_the_six_paragraphs(news: Document) -> None:
    paragraphs = news.paragraphs
    assert len(paragraphs) == 6
    assert paragraphs[0].startswith("路透社最新消息")
    assert paragraphs[-1].endswith("实现可持续发展。")


def test_news_chrome_each_with_its_rule(news: Document) -> None:
    teaser = removed_by(news, "teaser")
    assert "黄仁勋:中国AI发展惊人,安全推进技术是关键" in teaser  # the teaser on top
    assert "2025-07-17" in teaser
    assert any(t.startswith("版权声明") for t in removed_by(news, "notice"))
    assert "相关文章" in removed_by(news, "list-heading")
    assert "最新资讯" in removed_by(news, "list-heading")
    assert "全球最快高铁CR450亮相,重塑出行新体验" in removed_by(news, "title-list")
    for chrome in ("版权声明", "相关文章", "最新资讯", "···", "2025-07-1"):
        assert chrome not in news.body


def test_news_title_is_recovered_from_the_latest_list(news: Document) -> None:
    assert news.title == "中国公司抢购英伟达H20芯片,背后深意几何?"
    assert news.language is not None and news.language.startswith("zh")


def test_every_removal_names_a_known_rule(forum: Document, news: Document) -> None:
    from cleaners.options import RULES

    for doc in (forum, news):
        assert doc.removed and {r.rule for r in doc.removed} <= set(RULES)
