"""Visible bylines and credits (metadata.py): labels in eight languages, and the rows that
hold a "by" but name no author of the article."""

from __future__ import annotations

import pytest

from cleaners.metadata import byline_value, credited_author, post_time, strip_title_tags
from cleaners.options import Options

OPTIONS = Options()


@pytest.mark.parametrize(
    ("row", "name"),
    [
        ("By Scott Cunningham", "Scott Cunningham"),
        ("Updated 3 March 2024 | By Jo Roe", "Jo Roe"),
        ("Par Sébastien Farcis", "Sébastien Farcis"),
        ("Von Anna Schmidt", "Anna Schmidt"),
        ("Por María López", "María López"),
        ("Di Mario Rossi", "Mario Rossi"),
        ("著者：山田太郎", "山田太郎"),
        ("作者︱春春", "春春"),
        ("文/栗思", "栗思"),
        ("□ 本报记者 葛灵丹", "葛灵丹"),
        ("Posted by Andrew Hayden, Software Engineer on Google Play", "Andrew Hayden"),
        ("Posted by Andrew Zonenberg at 12:55 AM", "Andrew Zonenberg"),
    ],
)
def test_labelled_bylines(row: str, name: str) -> None:
    assert byline_value(row, OPTIONS) == name


@pytest.mark.parametrize(
    "row",
    [
        "Photo by James Martin/CNET",
        "Reviewed by Dr. Anne Lee",
        "Provided by Business Insider",
        "The town was held for a week in a siege by gunmen.",
        "Illustration par Jean Dupont",
        "摄影 王五",
    ],
)
def test_credits_and_sentences_are_no_bylines(row: str) -> None:
    assert byline_value(row, OPTIONS) is None


def test_reporters_in_the_leads_bracket() -> None:
    lead = "新华社深圳5月12日电（记者戴小河、印朋）由我国自主设计建造的亚洲首艘圆筒型加工厂启运。"
    assert credited_author([lead], OPTIONS) == "戴小河; 印朋"


def test_closing_credit_rows() -> None:
    lines = ["他说，要坚定不移贯彻新发展理念。", "作者 王之言 高孜然"]
    assert credited_author(lines, OPTIONS) == "王之言 高孜然"
    assert credited_author(["编辑：倪仕轩 责任编辑：林涛"], OPTIONS) is None  # editors only


def test_posted_by_row_closing_a_blog_post() -> None:
    assert (
        credited_author(["由海姑娘张贴 @ 2005-06-14 03:25:55 (370) 共 11 篇评论"], OPTIONS)
        == "海姑娘"
    )
    assert credited_author(["由于天气原因，发布会推迟到2005-06-14举行。"], OPTIONS) is None


def test_post_time_in_closing_lines() -> None:
    lines = ["[点击此处收藏本文] 发表于2005年09月07日 11:57 AM", "Copyright 2005"]
    assert post_time(lines, OPTIONS) == "2005-09-07T11:57"
    assert post_time(["2005-09-07 sidebar archive"], OPTIONS) is None  # no post-time label


def test_has_picture_tag_written_against_the_headline() -> None:
    assert strip_title_tags("日本无性婚姻问题严重(图)", OPTIONS) == "日本无性婚姻问题严重"
    assert strip_title_tags("湘菜粤菜 兵分两路 (图)", OPTIONS) == "湘菜粤菜 兵分两路"


def site_of(footer: str) -> str | None:
    from cleaners.blocks import segment
    from cleaners.classify import label, measure
    from cleaners.metadata import find_site

    blocks = segment(footer)
    labels = [label(b, measure(b), OPTIONS) for b in blocks]
    return find_site(blocks, labels, "https://www.example.cn/a.html", OPTIONS)


def test_site_from_the_holder_after_the_rights_notice() -> None:
    assert site_of("版权所有 江苏扬子晚报有限公司") == "江苏扬子晚报"
    assert site_of("版权所有 不得转载") == "example.cn"  # no holder named: the host


def headline_of(header: str, body: str) -> str | None:
    from cleaners.blocks import segment
    from cleaners.classify import label, measure
    from cleaners.metadata import headline_above

    blocks = segment(header)
    features = [measure(b) for b in blocks]
    labels = [label(b, f, OPTIONS) for b, f in zip(blocks, features, strict=True)]
    return headline_above(blocks, features, labels, body, OPTIONS)


def test_headline_above_the_article_without_its_label_and_date() -> None:
    body = "新建的跨江大桥今天开通，市民清早就来到桥上散步。大桥全长两公里。"
    assert headline_of("首页 > 新闻\n主题： 跨江大桥今天开通\n", body) == "跨江大桥今天开通"
    assert headline_of("跨江大桥今天开通 (图)\t2024-03-05 08:00\n", body) == "跨江大桥今天开通"


def test_a_labelled_headline_is_the_title_however_little_the_text_repeats_it() -> None:
    """A board's question as its title shares few words with the post under it; the
    "主题：" label says it is the headline. An unlabelled line that shares as few is not."""
    body = "问过好几家，回扣一般在一成左右，进店要停四十五分钟，合同里都没写。"
    header = "首页 > 论坛\n主题： 导游为什么总带我们去商店？\n作者：小周 时间：2024-03-05 08:00\n"
    assert headline_of(header, body) == "导游为什么总带我们去商店？"
    assert headline_of(header.replace("主题： ", ""), body) is None


def test_no_headline_from_menus_sentences_or_the_article_itself() -> None:
    body = "新建的跨江大桥今天开通，市民清早就来到桥上散步。大桥全长两公里。"
    assert headline_of("大桥全长两公里。\n", body) is None
    assert headline_of("首页 | 新闻 | 体育 | 财经\n", body) is None
