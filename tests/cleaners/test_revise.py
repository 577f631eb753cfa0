"""revise: thread replies (quotes of earlier text are found in a bounded window, so the cost
of each lookup does not grow with the thread) and runs of one-line sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaners import clean_text, revise
from cleaners.blocks import Block
from cleaners.classify import Features, measure
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


POEM = "\n".join(
    [
        "江上的船一只接一只。",
        "岸边的柳树长出新芽。",
        "桥头的老人还在等你。",
        "远处的钟声敲了三下。",
        "这首短诗写于作者离乡的第一年，全诗四句都写眼前所见的景物，"
        "没有一句直接写思念，却句句都是思念。诗人把自己的心情藏在船、柳、老人和钟声里面。",
    ]
)


def test_the_same_line_over_and_over_is_no_poem() -> None:
    deleted = "\n".join(["这条回复已经被删除了！"] * 4)
    doc = clean_text(POEM.split("\n")[-1] + "\n" + deleted, extracted=True)
    assert "这条回复已经被删除了！" not in doc.body


def test_sentence_runs_need_three_distinct_lines() -> None:
    lines = POEM.split("\n")
    features = [_measure(t) for t in lines]
    runs = revise.sentence_runs(lines, features, [None] * len(lines), Options())
    assert runs == {0, 1, 2, 3}
    assert revise.sentence_runs(lines[:2], features[:2], [None, None], Options()) == set()
    labelled = [None, "notice", None, None, None]
    assert revise.sentence_runs(lines, features, labelled, Options()) == set()


def _measure(text: str) -> Features:
    return measure(Block(0, text, text))


BROKEN = "\n".join(
    [
        "The ferry to the island runs twice a day, and in winter",
        "only once,",
        "leaving the harbour at nine. The crossing takes forty minutes when the sea is calm, "
        "and the captain says it has never been cancelled two days running.",
        "Tickets are sold on board. Children under five travel free, and bicycles cost "
        "two euros each way.",
    ]
)


def test_runs_on_reads_case_and_sentence_ends() -> None:
    lines = BROKEN.split("\n")
    features = [_measure(t) for t in lines]
    assert revise.runs_on(lines, features, [None] * 4, Options()) == {0, 1}
    ended = ["Menu.", *lines[1:]]  # a line that ends a sentence does not run on
    assert revise.runs_on(ended, [_measure(t) for t in ended], [None] * 4, Options()) == {1}
    upper = [lines[0], "Only once,", *lines[2:]]  # nor into a line that starts a sentence
    assert revise.runs_on(upper, [_measure(t) for t in upper], [None] * 4, Options()) == {1}


DATED_LIST = "\n".join(
    [
        "2021-01-19南通如何预防春季感冒?",
        "2021-01-19儿童挑食怎么办",
        "2021-01-18冬天喝什么茶比较好",
        "2021-01-18老人腿脚发凉的原因",
    ]
)


def test_a_list_of_dated_headlines_after_the_article_is_teasers() -> None:
    doc = clean_text(POEM.split("\n")[-1] + "\n" + DATED_LIST, extracted=True)
    assert "儿童挑食怎么办" not in doc.body
    assert {r.rule for r in doc.removed if "2021-01-1" in r.text} == {"teaser"}


def test_two_dated_headlines_are_no_list() -> None:
    features = [_measure(t) for t in DATED_LIST.split("\n")[:2]]
    labels: list[str | None] = [None, None]
    revise.mark_dated_titles(features, labels, Options())
    assert labels == [None, None]


LEAD = (
    "Harbour Rovers this morning paid the record fee to the league to complete the signing "
    "of the Millbrook keeper whose transfer the whole town has followed all summer long and "
    "into the autumn"
)
STORY = (
    "The keeper will undergo a medical today ahead of the move, which makes him the most "
    "expensive player in the club's history. He flew in last night and will spend the day "
    "completing the formalities of the deal."
)


def test_a_headline_without_a_full_stop_is_no_running_text() -> None:
    headline = "Harbour Rovers pay a record fee for the Millbrook keeper"
    assert revise.weight(_measure(headline), None, Options(), extracted=True) == 0.0
    assert revise.weight(_measure(LEAD), None, Options(), extracted=True) > 0


def test_a_long_chinese_line_without_a_full_stop_is_no_running_text() -> None:
    links = " ".join(["市区新开三条公交线路", "老城区道路改造完工", "图书馆周末延长开放"] * 3)
    assert revise.weight(_measure(links), None, Options(), extracted=True) == 0.0


NEEDS = "\n".join(
    [
        "- Glass cloche",
        "- Small shallow dish",
        "- Moss",
        "- Tweezers",
        "Closed terrariums are easy to care for, as they keep much of their own moisture and "
        "give the plants a warm place with a steady level of humidity. You will not have to "
        "water them unless the glass stops misting up.",
    ]
)


def test_opening_list_needs_items_from_the_top_or_under_a_heading_or_label() -> None:
    kinds = ["text", "item", "item", "text"]
    assert revise.opening_list(kinds, [None, None, None, None], 3) == 3  # under a bare line
    assert revise.opening_list(kinds, ["share", None, None, None], 3) == 1
    assert revise.opening_list(["heading", "item", "item", "text"], [None] * 4, 3) == 1
    assert revise.opening_list(["item", "item", "text"], [None, "navigation", None], 2) == 2


@pytest.mark.parametrize(
    ("text", "opening", "inside"),
    [
        (POEM, "江上的船一只接一只。", "远处的钟声敲了三下。"),  # a poem's one-line sentences
        (BROKEN, "The ferry to the island runs twice a day, and in winter", "only once,"),
        (f"{LEAD}\n{STORY}", LEAD, STORY),  # a lead that lost its full stop
        (NEEDS, "Glass cloche", "Tweezers"),  # the list the article opens with
    ],
)
def test_an_extracted_article_keeps_what_opens_it(text: str, opening: str, inside: str) -> None:
    body = clean_text(text, extracted=True).body
    assert body.startswith(opening)
    assert inside in body


GALLERY = "\n".join(
    [
        STORY,
        "Advertisement",
        "Supporters gathered at the gates from early morning, and many of them had travelled "
        "from the other side of the county to see him. Here are the pictures of his first day.",
        "1. The keeper arrives at the training ground with his agent",
        "Advertisement",
        "2. Fans wait for him at the gates",
        "3. His first session with the new squad",
        "The club will present him to the press on Monday, before the first league match of "
        "the season against their neighbours from across the river.",
    ]
)


def test_an_ad_label_goes_alone_and_the_captions_under_it_stay() -> None:
    """An ad slot's label opens no section: a widget's heading would take the short
    captions under it along."""
    doc = clean_text(GALLERY, extracted=True)
    assert "Advertisement" not in doc.body
    assert "Fans wait for him at the gates" in doc.body
    assert "His first session with the new squad" in doc.body
    assert {r.rule for r in doc.removed} == {"ad-label"}


REPORT = (
    "市图书馆今年新增自助借还设备二十台，覆盖全部分馆。馆方表示，读者办理借阅的平均等候时间"
    "已由原来的十分钟缩短到两分钟以内，周末高峰时段也不再需要排队。"
)
NOTICE_SECTION = "\n".join(
    [
        "反侵权公告：",
        "根据有关法律法规，未经书面许可，擅自转载本报社作品的，将涉嫌侵犯著作权人合法权益。本报社郑重公告：",
        "一、任何单位或个人使用本报社的原创内容，必须事先取得本报社书面授权；",
        "二、对侵犯本报社著作权益的违法行为，本报社将采取一切合法措施，追究行为人的侵权责任；",
        "三、对于各类非法转载行为，欢迎读者提供侵权线索：",
        "陈律师（法律顾问）0432-62099222",
    ]
)


def test_a_notice_heading_takes_its_clauses_and_what_they_introduce() -> None:
    doc = clean_text(f"{REPORT}\n{REPORT}\n{NOTICE_SECTION}", extracted=True)
    assert doc.body == f"{REPORT}\n\n{REPORT}"
    assert [r.rule for r in doc.removed] == ["notice"] * 6


def test_a_statement_introduced_with_a_colon_heads_no_notice() -> None:
    """The generic "声明:" holds its own colon: what a spokesman's statement says stays."""
    statement = "\n".join(
        [
            "外交部发言人声明：",
            "一、中方对此次事件表示严重关切，呼吁有关各方保持冷静克制，避免局势进一步升级。",
            "二、中方愿同国际社会一道，为推动问题的政治解决继续发挥建设性作用。",
        ]
    )
    body = clean_text(f"{REPORT}\n{statement}", extracted=True).body
    assert "二、中方愿同国际社会一道" in body


def test_a_heading_the_text_repeats_is_a_button_and_opens_no_section() -> None:
    """ "reply" under every post is the post's button; once, it heads the comments."""
    last = (
        "Why is it called that? I tried to guess from the name, but I could not work out "
        "where it comes from, so I would like to hear the story behind it."
    )
    thread = "\n".join(
        [STORY, "reply", "Great, I want to run my own", "reply", "nice!", "reply", last]
    )
    body = clean_text(thread, extracted=True).body
    assert "Great, I want to run my own" in body and "nice!" in body and last in body
    short = ["Anna: nice!", "Ben: thanks for this"]
    once = clean_text(f"{STORY}\nreply\n" + "\n".join(short), extracted=True)
    assert [r.rule for r in once.removed] == ["comments"] * 3


def test_a_tag_label_alone_takes_the_row_of_tags_after_it() -> None:
    tags = "stock car 2018, stock car brasil, corrida do milhão, interlagos"
    doc = clean_text(f"{STORY}\nTags\n{tags}\n{STORY}", extracted=True)
    assert tags not in doc.body
    assert [r.rule for r in doc.removed] == ["tags", "tags"]
    # with its tags on its own line, the label takes nothing after it
    inline = clean_text(f"{STORY}\nTags: sad\n{tags}\n{STORY}", extracted=True)
    assert tags in inline.body and "Tags: sad" not in inline.body


PROGRAMME = (
    "| 一、培养目标：培养德智体美全面发展，在本门学科上掌握坚实宽广的基础理论和系统深入的专业"
    "知识，具有独立从事科学研究工作能力的高级专门人才。二、招生专业及研究方向如下表。 |\n"
)


def test_a_data_table_below_the_text_closes_the_article() -> None:
    """An extractor's table of courses under the programme's text stays, its one-cell
    subject rows too; a layout table's one-cell link rows and a calendar do not."""
    table = (
        "| 050401 艺术学 | 7 |\n| 01艺术学原理 | 刘梦溪 | 1、英语 2、艺术概论 |\n"
        "| 02艺术人类学 | 方李莉 | 1、英语 2、中外艺术史 |\n| 050405戏剧戏曲学 |\n"
        "| 01戏曲史 | 刘 祯 | 1、英语 2、中国戏曲史 |\n"
    )
    doc = clean_text(PROGRAMME + table, extracted=True)
    assert "01艺术学原理 刘梦溪 1、英语 2、艺术概论" in doc.body
    assert "01戏曲史 刘 祯 1、英语 2、中国戏曲史" in doc.body
    links = "| ·加入网易商业圈圈 |\n| ·点击注册网易部落 |\n| ·珠宝首饰/手表/眼镜 |\n"
    calendar = "| 一 | 二 | 三 | 四 | 五 | 六 | 日 |\n| 4 | 5 | 6 | 7 | 8 | 9 | 10 |\n" * 2
    for rail in (links, calendar):
        kept = clean_text(PROGRAMME + rail, extracted=True)
        assert kept.body.startswith("一、培养目标") and "网易" not in kept.body
        assert "| 4" not in kept.body and " 5 6 7" not in kept.body
