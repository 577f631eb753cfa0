"""Main content from the page model (behind Options.page_model_threads)."""

from __future__ import annotations

from lxml import html

from cleaners import Options, clean_html
from cleaners.content import after_headline, analyse_page, lone_post, teaser_cards
from cleaners.page import build_page

from .test_records import thread


def test_a_thread_is_its_first_post_and_replies() -> None:
    model = analyse_page(build_page(html.document_fromstring(thread(4))), Options())
    assert model is not None and model.shape == "thread"
    assert len(model.analysis.replies) == 3


def test_clean_html_reads_thread_records_when_switched_on() -> None:
    doc = clean_html(thread(4), options=Options(page_model_threads=True))
    assert doc.body == "Reply number 1 says something about the stove and the flue."
    assert [r.author for r in doc.replies] == ["user2", "user3", "user4"]
    assert doc.replies[0].published == "2024-03-02T10:00"
    assert "an earlier post" not in doc.replies[1].text


def test_dated_list_entries_inside_an_article_are_no_thread() -> None:
    prose = "<p>" + "The council met on Monday and approved the budget for schools. " * 8 + "</p>"
    refs = "".join(
        f"<li><span>Source {n}, 2020-01-0{n}.</span> More words here.</li>" for n in range(1, 5)
    )
    page = f"<body><article><h1>Budget</h1>{prose}{prose}<ol>{refs}</ol></article></body>"
    model = analyse_page(build_page(html.document_fromstring(page)), Options())
    assert model is not None and model.shape == "article"


ANSWERS = (
    "Pour a floating slab on resilient mounts. The mounts take the footfall, and the slab"
    " never touches the walls, so the thump of a dropped shoe stays in the room above. Builders"
    " in most cities rate such a floor by its impact class, and sixty or more is what you want"
    " in a flat.",
    "Hang the ceiling below on its own joists, with mineral wool between them. Two layers of"
    " plasterboard with a damping glue between them stop most of the music as well. It costs"
    " more than a plain ceiling, but it is the one part a tenant can ask the landlord to add"
    " later.",
)
# (each answer is longer than a teaser's summary: three short posts closed by dates read as
# a list of other articles, see revise.mark_date_lists)


def test_a_question_above_answers_of_its_layout_is_the_body() -> None:
    """A question whose class words differ from the answers' but whose layout is theirs is
    the body, and every answer a reply (the first one too)."""

    def post(kind: str, n: int, words: str) -> str:
        return (
            f"<div class={kind}><div class=layout><div class=votes>{n}</div><div class=cell>"
            f"<div class=prose><p>{words}</p></div><div class=user>answered 2024-05-0{n} "
            f"10:00 <a href=/u/{n}>user{n}</a></div></div></div></div>"
        )

    question = post("question", 1, "How are apartment floors built so that no sound goes through?")
    answers = "".join(post("answer", n, text) for n, text in enumerate(ANSWERS, 2))
    page = (
        f"<body><div id=main>{question}<div id=answers><h2>2 Answers</h2>{answers}</div>"
        "</div></body>"
    )
    model = analyse_page(build_page(html.document_fromstring(page)), Options())
    assert model is not None and model.shape == "thread"
    analysis = model.analysis
    assert [analysis.blocks[i].text for i in range(*analysis.span)] == [
        "How are apartment floors built so that no sound goes through?"
    ]
    replies = [" ".join(analysis.blocks[i].text for i in part) for _h, part, _q in analysis.replies]
    assert replies == list(ANSWERS)


def test_a_rail_of_dated_teaser_cards_is_no_thread() -> None:
    """Cards of other pages under a story, each a headline linking elsewhere, a summary, a
    time and a byline, look like dated posts; a different headline on each makes them a
    list of other pages, and the page gets no replies."""
    prose = "<p>" + "The actor described how the prosthetic head was cast and painted. " * 6
    cards = "".join(
        f"<div class=card><a href=/v/{n}>Watch the new trailer number {n} for the film</a>"
        f"<div>Summary of video {n}, a line of text about it.</div>"
        f"<time datetime='2024-05-2{n}T10:00:00Z'>{n} hours ago</time>"
        f"<div><a href=/a/{n}>By Writer {n}</a></div></div>"
        for n in range(1, 6)
    )
    page = (
        "<html><head><meta property='og:type' content='article'></head><body>"
        f"<article><h1>Head</h1>{prose}</p></article><section>{cards}</section></body></html>"
    )
    doc = clean_html(page)
    assert "prosthetic head" in doc.body
    assert doc.replies == ()


def test_the_words_after_a_commenters_name_are_no_part_of_it() -> None:
    """WordPress heads each comment "<b>Name</b> <span>says:</span>" (phrase list
    said_suffix): the poster is the name alone."""
    prose = "<p>" + "We fermented chillies for six weeks and bottled the sauce in March. " * 6
    comments = "".join(
        f"<li class=comment><div class=meta><b class=fn>Reader Number{n}</b> "
        f"<span class=says>says:</span></div><div class=when><time datetime="
        f"'2024-03-0{n}T10:00:00+00:00'>March {n}, 2024 at 10:00 am</time></div>"
        f"<div class=content><p>Comment {n}: this worked for me, thank you for the recipe.</p>"
        "</div></li>"
        for n in range(1, 5)
    )
    page = f"<body><article><h1>Hot sauce</h1>{prose}</p></article><ol>{comments}</ol></body>"
    doc = clean_html(page)
    assert [reply.author for reply in doc.replies] == [f"Reader Number{n}" for n in range(1, 5)]


SIGNED = "<p>Support by PM is not given, as the answer can help someone else too.</p>"


def test_a_line_that_closes_two_posts_or_more_is_a_signature() -> None:
    """A poster's signature drawn with no separator row: the same closing line under each
    of their posts, the first post's too."""
    # every post signed but the second, whose second paragraph closes it
    page = thread(4).replace("the flue.</p></div>", f"the flue.</p>{SIGNED}</div>")
    assert page.count(SIGNED) == 3
    doc = clean_html(page, options=Options(page_model_threads=True))
    assert len(doc.replies) == 3
    assert "Support by PM" not in doc.body
    assert not any("Support by PM" in reply.text for reply in doc.replies)
    assert {r.rule for r in doc.removed if "Support by PM" in r.text} == {"signature"}


ANNOUNCEMENT = (
    "<div class=notice><h5>Version 6.3 released</h5><p>The team has announced the arrival of"
    " version 6.3 in stable, which is now available for download as a native extension for"
    " every supported release. It fixes the bugs reported since the last version and adds"
    " two features that many of you asked for on this board.</p></div>"
    "<h1>Stove and flue</h1>"
)


def test_an_announcement_above_the_threads_headline_is_no_lead() -> None:
    """The board's announcement box outweighs the short first post, but stands above the
    page's headline: the first post is the body."""
    page = thread(4).replace("<div id=posts>", ANNOUNCEMENT + "<div id=posts>")
    doc = clean_html(page, options=Options(page_model_threads=True))
    assert doc.body.startswith("Reply number 1")
    assert "announced the arrival" not in doc.body


def test_a_block_in_an_element_named_a_signature_is_one() -> None:
    sig = "<div class=post-signature>Sent from the cabin by the lake, where the stove is.</div>"
    page = thread(4).replace("the flue.</p></div>", f"the flue.</p>{sig}</div>", 1)
    doc = clean_html(page, options=Options(page_model_threads=True))
    assert "Sent from the cabin" not in doc.body
    assert {r.rule for r in doc.removed if "Sent from the cabin" in r.text} == {"signature"}


SHORT_COMMENTS = "".join(
    f"<div class='comment item'><div class=info><span>用户{n}</span> <span>{n}天前</span></div>"
    f"<div class=detail><p>{text}</p></div></div>"
    for n, text in enumerate(["已优化下载体验", "现在可以了，感谢", "人太多，容易崩", "哈哈"], 1)
)


def test_short_comments_under_a_headline_are_all_answers() -> None:
    """No record holds enough to be a first post, and nothing above them is prose: the
    comments still answer what the page's headline asks."""
    page = (
        "<body><div class=nav><a href=/>首页</a></div><h1>简历无法下载，提示服务器出现问题</h1>"
        f"<div class=q>问题描述</div><div class=comments>{SHORT_COMMENTS}</div></body>"
    )
    model = analyse_page(build_page(html.document_fromstring(page)), Options())
    assert model is not None and model.shape == "answers"
    assert len(model.analysis.replies) == 4
    # with no headline above them they are boxes of a layout, and the page no thread
    headless = page.replace("<h1>", "<div>").replace("</h1>", "</div>")
    assert analyse_page(build_page(html.document_fromstring(headless)), Options()) is None


SUMMARY = "A short summary of another story, one sentence long, under its headline link."


def _cards(record: str, n: int = 4, *, rail: str = "div") -> str:
    cards = "".join(record.format(n=k) for k in range(n))
    rail_open = f'<{rail} class="rail">'
    return f"<body><article><p>{SUMMARY}</p>{rail_open}{cards}</{rail}></article></body>"


def test_records_that_open_with_a_headline_link_are_teaser_cards() -> None:
    page = _cards(
        '<div class="card"><div class="title"><a href="/s/{n}">Headline of the other story'
        f' number {{n}}</a></div><div class="excerpt">{SUMMARY}</div></div>'
    )
    (cards,) = teaser_cards(build_page(html.document_fromstring(page)))
    assert len(cards) == 4


def test_unnamed_records_and_sections_with_paragraphs_are_no_teaser_cards() -> None:
    bare = _cards(
        '<div><div><a href="/s/{n}">Headline of the other story number {n}</a></div>'
        f"<div>{SUMMARY}</div></div>"
    )
    sections = _cards(
        '<div class="deal"><a href="/s/{n}">Get it on the shop site for 39.99 dollars {n}</a>'
        + f"<p>{SUMMARY} It goes on with more about the product.</p>" * 3
        + "</div>"
    )
    assert teaser_cards(build_page(html.document_fromstring(bare))) == []
    assert teaser_cards(build_page(html.document_fromstring(sections))) == []


def test_records_headed_by_a_dated_permalink_are_no_teaser_cards() -> None:
    comments = _cards(
        '<div class="comment"><div class="when"><a href="/c/{n}">March 3, 2024 at 10:0{n}'
        f' pm</a></div><div class="text">{SUMMARY}</div></div>'
    )
    assert teaser_cards(build_page(html.document_fromstring(comments))) == []


QUESTION = (
    "<h1>Why does print fail with a syntax error?</h1><div class=question><p>I tried running"
    " a script that prints a greeting, and the interpreter stops at the first line with a"
    " syntax error. What is going on here, and how do I fix it?</p></div>"
)
COMMENT = (
    '<li class="comment"><div class="score">{n}</div><div class="comment-text">'
    '<div class="comment-body"><span class="copy">Comment number {n} says which version'
    ' of the interpreter you are running matters here.</span><div class="who"> – <a'
    ' href="/u/{n}">user{n}</a></div><span class="date">Jul 3, 2009 at 0:5{n}</span>'
    "</div></div></li>"
)


def test_comments_whose_time_closes_their_text_are_replies() -> None:
    """The time and name of a comment may stand inside its text's element, after it: a
    post's footer, not its message."""
    comments = "".join(COMMENT.format(n=n) for n in range(1, 5))
    page = f"<body>{QUESTION}<ul class=comments>{comments}</ul></body>"
    model = analyse_page(build_page(html.document_fromstring(page)), Options())
    assert model is not None and model.shape == "answers"
    assert len(model.analysis.replies) == 4
    # their footer's name and time are the replies' poster and time
    doc = clean_html(page)
    assert [(r.author, r.published) for r in doc.replies][:2] == [
        ("user1", "2009-07-03T00:51"),
        ("user2", "2009-07-03T00:52"),
    ]


def test_teaser_cards_whose_time_closes_their_text_are_no_thread() -> None:
    card = (
        '<li class="card"><a href="/s/{n}"><img src="/i/{n}.jpg"></a><div class="text">'
        '<a href="/s/{n}">Headline of the other story number {n}</a>'
        f"<p>{SUMMARY}<br><em>2024-05-2{{n}} 09:41</em></p></div></li>"
    )
    page = f"<body>{QUESTION}" + _cards(card, rail="ul").removeprefix("<body>")
    model = analyse_page(build_page(html.document_fromstring(page)), Options())
    assert model is None or model.shape == "article"


def test_comments_under_a_question_of_code_answer_it() -> None:
    """A question of short lines and code has no prose to outweigh its first comment, but
    what the page's headline heads says more than that comment: every comment answers it."""
    question = (
        "<div class=nav><a href=/>Questions</a></div><h1>Hello World in Python</h1>"
        "<div class=question><p>I tried running a script:</p>"
        "<pre>print 'Hello, World!'</pre><p>And I get this error:</p><pre>File 'hello.py',"
        " line 1 SyntaxError: invalid syntax</pre><p>What is going on?</p></div>"
    )
    comments = "".join(COMMENT.format(n=n) for n in range(1, 5))
    page = f"<body>{question}<ul class=comments>{comments}</ul></body>"
    model = analyse_page(build_page(html.document_fromstring(page)), Options())
    assert model is not None and model.shape == "answers"
    assert len(model.analysis.replies) == 4


def test_a_dated_question_shorter_than_its_first_answer_is_the_body() -> None:
    """A question drawn in a layout of its own, with its poster and time, says less than
    the first answer: it is still the body, and every answer a reply."""
    answers = "".join(
        f"<li><div class=hd><a href=/u/{n}>user{n}</a> <span>2024-05-0{n} 10:00</span></div>"
        f"<div class=msg><p>{text}</p></div></li>"
        for n, text in enumerate(ANSWERS, 2)
    )
    page = (
        "<body><div class=nav><a href=/>Forum</a></div><h1>Quiet floors in flats</h1>"
        "<div class=op><div class=hd>By @asker 2024-05-01 09:00</div><p>How are apartment"
        " floors built so that no sound of footsteps goes through to the flat below? Ours is"
        " a new building and we hear every step.</p></div>"
        f"<ol class=replies>{answers}</ol></body>"
    )
    model = analyse_page(build_page(html.document_fromstring(page)), Options())
    assert model is not None and model.shape == "answers"
    analysis = model.analysis
    body = [analysis.blocks[i].text for i in range(*analysis.span)]
    assert any(text.startswith("How are apartment floors") for text in body)
    replies = [" ".join(analysis.blocks[i].text for i in part) for _h, part, _q in analysis.replies]
    assert replies == list(ANSWERS)


NOTICE = (
    "<p>Welcome to the help board. Search before you ask: most questions about installing,"
    " upgrading and moving a site have been answered in the pinned topics, and new topics"
    " that repeat them are merged into those without notice.</p>" * 3
)
POST = (
    "<p>Since the upgrade my site's login page shows no social login buttons at all.</p>"
    "<p>I installed the plugin and enabled it, but the buttons only show on the main login"
    " page. Is there a setting I missed?</p>"
)


def lone(header: str, notice: str = NOTICE) -> str:
    return (
        f'<body><div class="notice">{notice}</div><h1>Social login buttons missing</h1>'
        f'<div class="post">{header}<div class="text">{POST}</div></div></body>'
    )


def test_a_thread_of_one_post_is_read_under_its_header_below_the_headline() -> None:
    """One post has no look-alikes to be found by: its header (a poster's name and a
    time, or a time and a post number) marks it. The board's notice above the headline
    outweighs it and is no part of it."""
    named = '<div class="who">mvvfans</div><div class="when">March 3, 2024 at 9:12 pm</div>'
    model = lone_post(build_page(html.document_fromstring(lone(named))), Options())
    assert model is not None and model.analysis.poster == "mvvfans"
    analysis = model.analysis
    kept = [b.text for b, rule in zip(analysis.blocks, analysis.labels, strict=True) if not rule]
    assert kept[0].startswith("Since the upgrade") and not any("Welcome" in t for t in kept)
    numbered = '<div class="when">4 weeks 11 hours ago #1</div>'
    model = lone_post(build_page(html.document_fromstring(lone(numbered))), Options())
    assert model is not None and model.analysis.poster is None


def test_no_lone_post_without_a_post_header() -> None:
    """An article under a bare time (a dateline) or under nothing is no post."""
    for header in ('<div class="when">March 3, 2024</div>', ""):
        page = build_page(html.document_fromstring(lone(header)))
        assert lone_post(page, Options()) is None


def test_a_topic_above_a_lone_reply_drawn_unlike_it_is_the_body() -> None:
    """A board's first post with one reply drawn as a blog comment: the reply is the
    model's article, under its header; the topic above it, under a header of its own, is
    the body and the reply its one reply. The names are the lines nearest the times, not a
    category line above nor an "Edit" button below."""
    topic = (
        "<p>Building a client base takes time. Post your work often, and answer every message.</p>"
    )
    reply = "".join(
        f"<p>Step {n}: show your best pieces on a portfolio site and price them clearly.</p>"
        for n in range(1, 6)
    )
    page = (
        "<body><h1>How do I start getting commissions?</h1>"
        '<div class="topic"><div class="info">Replies</div><div class="info">1</div>'
        '<div class="info">Voices</div><div class="info">1</div>'
        '<p>Categorized: Art</p><div class="author">Stephen Mason</div>'
        f'<div class="meta">5 months ago</div><div class="edit">Edit</div>{topic}</div>'
        '<nav><a href="/t/1">Previous topic</a> <a href="/t/3">Next topic</a></nav>'
        '<ul class="comments"><li><article class="comment">'
        '<div class="author"><a href="/u/ann">Ann Lee</a></div>'
        '<div class="meta">January 4, 2024 at 8:00 pm</div><div class="edit">Edit</div>'
        f'<div class="text">{reply}</div></article></li></ul></body>'
    )
    model = lone_post(build_page(html.document_fromstring(page)), Options())
    assert model is not None and model.shape == "thread"
    analysis = model.analysis
    assert analysis.poster == "Stephen Mason" and analysis.posters == ("Ann Lee",)
    body = [analysis.blocks[i].text for i in range(*analysis.span) if analysis.labels[i] is None]
    assert body == [
        "Building a client base takes time. Post your work often, and answer every message."
    ]
    assert len(analysis.replies[0][1]) == 5


HEADINGS = (
    "<body><h1><a href=/>The Breadboard</a></h1><p>News: the winter bake-along starts soon.</p>"
    "<h2>Sourdough starter smells of nail varnish</h2><p>2 guests are viewing this topic.</p>"
    "<div class=post><p>My starter smells of nail varnish.</p></div>"
    "<h3>3 responses to “Sourdough starter smells of nail varnish”</h3><p>A comment.</p></body>"
)


def test_the_headline_is_the_heading_that_reads_as_the_declared_title() -> None:
    """A board draws its name as the h1 (a logo linking home) and titles the thread in an
    h2; a comment section's heading that holds the title is no headline."""
    root = html.document_fromstring(HEADINGS)
    untitled = build_page(root)
    titled = build_page(root, "Sourdough starter smells of nail varnish")
    post = next(i for i, b in enumerate(titled.blocks) if b.text.startswith("My starter"))
    assert untitled.blocks[after_headline(untitled, post) - 1].text == "The Breadboard"
    assert titled.blocks[after_headline(titled, post) - 1].kind == "heading"
    assert titled.blocks[after_headline(titled, post) - 1].text.startswith("Sourdough")
    end = len(titled.blocks)
    assert titled.blocks[after_headline(titled, end) - 1].text.startswith("Sourdough")
