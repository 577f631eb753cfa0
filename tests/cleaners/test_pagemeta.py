"""page_meta on small hand-made pages: one test per place a page states its metadata, and
the checks that keep captions, editors, ids and site names out of the authors."""

from __future__ import annotations

import pickle

import pytest
from lxml import html as lxml_html

from cleaners.options import Options
from cleaners.pagemeta import PageMeta, page_meta, plausible_author, reconcile_language

OPTIONS = Options()


def meta(head: str, body: str = "", lang: str | None = None) -> PageMeta:
    attribute = f' lang="{lang}"' if lang else ""
    page = f"<html{attribute}><head>{head}</head><body>{body}</body></html>"
    return page_meta(lxml_html.fromstring(page), OPTIONS)


def ld(data: str) -> str:
    return f'<script type="application/ld+json">{data}</script>'


def test_jsonld_inside_cdata_is_read() -> None:
    got = meta(
        ld('<![CDATA[ {"@type": "NewsArticle", "headline": "Bridge opens", "author": '
           '{"@type": "Person", "name": "Jane Doe"}, "datePublished": "2024-03-05T08:30:00Z"'
           "} ]]>")
        + "<title>Bridge opens | Gazette</title>"
    )  # fmt: skip
    assert (got.title, got.authors, got.published) == (
        "Bridge opens",
        ("Jane Doe",),
        "2024-03-05T08:30:00+00:00",
    )
    assert dict(got.sources)["authors"] == "json-ld"


def test_jsonld_graph_arrays_and_several_authors() -> None:
    got = meta(
        ld('{"@graph": [{"@type": "WebSite", "name": "Gazette"}, [{"@type": "Article", '
           '"author": [{"name": "Ana Reyes"}, "Tom Roe"], "dateModified": "2024-03-06"}]]}')
    )  # fmt: skip
    assert got.authors == ("Ana Reyes", "Tom Roe")
    assert got.author == "Ana Reyes"
    assert got.modified == "2024-03-06"


def test_jsonld_headline_that_is_a_description_is_not_the_title() -> None:
    got = meta(
        ld('{"@type": "Article", "headline": "A national new area of Hebei province in China"}')
        + "<title>Xiong'an - Wikipedia</title>",
        "<h1>Xiong'an</h1>",
    )
    assert got.title == "Xiong'an"


def test_broken_jsonld_leaves_the_meta_tags() -> None:
    got = meta(ld('{"@type": "Article", "headline": ') + '<meta name="author" content="Jo Roe">')
    assert got.authors == ("Jo Roe",)


def test_parsely_meta_tags() -> None:
    got = meta(
        '<meta name="parsely-title" content="Some Title">'
        '<meta name="parsely-author" content="Jane Doe">'
        '<meta name="parsely-pub-date" content="2024-04-20T04:20:00.000Z">'
    )
    assert (got.title, got.authors, got.published) == (
        "Some Title",
        ("Jane Doe",),
        "2024-04-20T04:20:00+00:00",
    )


def test_dublin_core_and_multi_valued_property() -> None:
    got = meta(
        '<meta property="x:title dc:title" content="Preferred title">'
        '<meta property="dc:creator twitter:site_name" content="Creator Name">'
        '<meta name="author" content="">'  # no content: says nothing
        "<title>Title Element</title>"
    )
    assert (got.title, got.authors) == ("Preferred title", ("Creator Name",))


def test_property_wins_over_name_for_the_same_key() -> None:
    got = meta(
        '<meta name="og:title" content="Name form"><meta property="og:title" content="Property">'
    )
    assert got.title == "Property"


def test_itemprop_and_rel_author_markup() -> None:
    body = (
        "<h1>Minecraft exploit</h1><p class='byline' itemprop='author creator'>"
        "<a rel='author' href='/u/dan'>Dan Goodin</a> - Apr 16, 2015 8:02 pm UTC</p>"
    )
    assert meta("", body).authors == ("Dan Goodin",)


def test_byline_class_with_label_and_job_title() -> None:
    body = (
        "<h1>Tracking</h1><div class='blog-author'>By Daniel Kahn Gillmor, Senior Staff "
        "Technologist, ACLU Speech, Privacy, and Technology Project</div>"
    )
    assert meta("", body).authors == ("Daniel Kahn Gillmor",)


def test_comment_authors_and_biographies_are_no_byline() -> None:
    body = (
        "<h1>Headline</h1><div class='author-bio'>Jane writes about rivers.</div>"
        "<ol class='comments'><li><cite class='author'>Alexander Petrov</cite></li></ol>"
    )
    assert meta("", body).authors == ()


def test_time_datetime_and_html_lang() -> None:
    got = meta("", "<time datetime='2015-04-30T07:19:58'>30 avril</time>", lang="fr")
    assert (got.published, got.language) == ("2015-04-30T07:19:58", "fr")
    assert dict(got.sources)["published"] == "time"


def test_site_is_the_publisher_not_a_twitter_handle() -> None:
    got = meta('<meta name="twitter:site" content="@be_haki"><title>Post - Haki Benita</title>')
    assert got.site == "Haki Benita"
    assert meta('<meta property="og:site_name" content="@verge">').site is None


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Mozilla - Wikipedia", "Mozilla"),
        ("夜雨_原文、翻译及赏析_白居易诗词_读古诗词网", "夜雨"),
        ("日本无性婚姻问题严重(图)--雅虎新闻", "日本无性婚姻问题严重"),
    ],
)  # fmt: skip
def test_title_tag_keeps_the_headline_part(title: str, expected: str) -> None:
    assert meta(f"<title>{title}</title>").title == expected


def test_title_tag_site_part_is_the_part_that_reads_like_a_site() -> None:
    assert meta("<title>煮一碗好吃的腊八粥_39健康网_饮食</title>").site == "39健康网"


def test_og_title_naming_only_the_site_gives_way_to_the_headline() -> None:
    got = meta(
        '<meta property="og:site_name" content="Yahoo News">'
        '<meta property="og:title" content="Yahoo News"><title>Space ship breaks up</title>'
    )
    assert got.title == "Space ship breaks up"


def test_editor_given_as_meta_author_is_no_author() -> None:
    got = meta('<meta name="author" content="青网新闻张毅">', "<p>责任编辑：张毅</p>")
    assert got.authors == ()


def test_site_named_as_author_is_no_author() -> None:
    got = meta(
        '<meta property="article:author" content="网易"><title>租户停车_网易订阅</title>'
        '<meta property="og:site_name" content="网易">'
    )
    assert got.authors == ()


@pytest.mark.parametrize(
    "name", ["https://x.org/jane", "L_104485", "2909", 'size="20"', "人氣(23925)", "@jane", "AFP"]
)
def test_not_names(name: str) -> None:
    assert not plausible_author(name, (), OPTIONS)


def test_names() -> None:
    for name in ("Jane Doe", "Jong, Michiel de", "栗思", "土豆麻麻", "lucy2005", "Class of 2020"):
        assert plausible_author(name, (), OPTIONS), name


def test_declared_language_checked_against_the_text() -> None:
    assert reconcile_language("en", "ca", "Lorem ipsum dolor sit amet consetetur") == "en"
    assert (
        reconcile_language("en", "zh-cn", "南方多地迎来强降雨，防汛部门启动应急响应。") == "zh-cn"
    )
    assert reconcile_language("zh-TW", "zh-cn", "臺北") == "zh-tw"
    assert reconcile_language(None, "de", "Text") == "de"
    assert reconcile_language("x-klingon", "en", "Text") == "en"


def test_page_meta_pickles() -> None:
    got = meta('<meta name="author" content="Jo Roe"><title>T</title>')
    assert pickle.loads(pickle.dumps(got)) == got


def test_title_that_names_only_the_site_gives_the_site() -> None:
    assert meta("<title>CCTV.com- 央视论坛 :: null</title>").site == "CCTV.com- 央视论坛"
    assert meta("<title>Post - Haki Benita</title>").site == "Haki Benita"


def test_jsonld_headline_without_entities_and_site_name() -> None:
    got = meta(
        ld('{"@type": "NewsArticle", "headline": "&#8216;The Medium&#8217; opens | TheHill"}')
        + '<meta property="og:site_name" content="TheHill"><title>‘The Medium’ opens</title>'
    )
    assert got.title == "‘The Medium’ opens"


def test_a_forum_postings_declared_comments_are_its_replies() -> None:
    got = meta(
        ld('{"@type": "DiscussionForumPosting", "headline": "Sum of primes", '
           '"text": "Who can solve this?", "author": {"name": "ann"}, "comment": ['
           '{"@type": "Comment", "text": "Done.<br>It is 17.", "author": {"name": "bo"}, '
           '"dateCreated": "2023-07-05T14:35:44+00:00"}, '
           '{"@type": "Comment", "text": "", "author": {"name": "cy"}}]}')
    )  # fmt: skip
    assert got.post == "Who can solve this?"
    assert [(r.author, r.published, r.text) for r in got.replies] == [
        ("bo", "2023-07-05T14:35:44+00:00", "Done.\nIt is 17.")
    ]
    assert got.single_article is False


def test_a_qapage_gives_its_answers_and_its_question_author() -> None:
    got = meta(
        ld('{"@type": "QAPage", "mainEntity": {"@type": "Question", "name": "Why?", '
           '"text": "<p>Why &amp; how?</p>", "author": {"name": "ann"}, '
           '"acceptedAnswer": {"@type": "Answer", "text": "<p>Because.</p>"}, '
           '"suggestedAnswer": [{"@type": "Answer", "text": "No idea."}]}}')
    )  # fmt: skip
    assert got.post == "Why & how?"
    assert [r.text for r in got.replies] == ["Because.", "No idea."]
    assert got.authors == ("ann",)


def test_an_article_declares_no_replies() -> None:
    got = meta(ld('{"@type": "NewsArticle", "headline": "Bridge opens", "text": "It opened."}'))
    assert (got.post, got.replies) == (None, ())
