"""Records: look-alike siblings, their content field, quotes."""

from __future__ import annotations

from pathlib import Path

from lxml import html

from cleaners.page import Page, build_page
from cleaners.records import (
    Group,
    aligned_lead,
    content_fields,
    find_groups,
    is_quote_block,
)

POST = (
    "<div class='post bg{n}'><div class=panel><a href=/u/{n}>user{n}</a><br>Posts: {n}0</div>"
    "<div class=body><div class=meta>2024-03-0{n} 10:00</div><div class=msg>{quote}"
    "<p>Reply number {n} says something about the stove and the flue.</p>{extra}</div></div>"
    "</div>"
)


def thread(posts: int = 3) -> str:
    items = [
        POST.format(
            n=n,
            quote="<blockquote>an earlier post</blockquote>" if n == 3 else "",
            extra="<p>A second paragraph.</p>" if n == 2 else "",
        )
        for n in range(1, posts + 1)
    ]
    return (
        f"<body><div class=nav><a href=/>Home</a></div><div id=posts>{''.join(items)}</div></body>"
    )


def group_of(page: Page, tokens: tuple[str, ...]) -> Group:
    """The page's group of records with these class words."""
    return next(g for g in find_groups(page) if page.nodes[g.records[0][0]].tokens == tokens)


def test_look_alike_siblings_with_alternating_classes_are_one_group() -> None:
    page = build_page(html.document_fromstring(thread()))
    groups = [g for g in find_groups(page) if len(g) == 3]
    assert groups, "the three posts form a group"
    tags = {page.nodes[record[0]].tokens for record in groups[0].records}
    assert tags == {("post", "bg")}


def test_content_field_is_the_message_not_the_panel() -> None:
    page = build_page(html.document_fromstring(thread()))
    group = max(find_groups(page), key=lambda g: page.units(g.ranges[0][0], g.ranges[-1][1]))
    fields = content_fields(page, group)
    assert fields.aligned
    texts = [[page.blocks[i].text for i in range(*span)] for span in fields.content]
    assert texts[0] == ["Reply number 1 says something about the stove and the flue."]
    assert texts[1][-1] == "A second paragraph."
    chrome = [page.blocks[i].text for i in fields.chrome[0]]
    assert "user1" in chrome and "2024-03-01 10:00" in chrome
    quoted = [i for i in range(*fields.content[2]) if is_quote_block(page, i, fields.content[2])]
    assert [page.blocks[i].text for i in quoted] == ["an earlier post"]


def test_a_post_drawn_as_header_and_body_siblings_is_one_record() -> None:
    rows = "".join(
        f"<div class=floor>#{n} 2024-01-0{n} 08:00</div><div><p>Post {n} text here.</p></div>"
        for n in range(1, 4)
    )
    page = build_page(html.document_fromstring(f"<body><div id=t>{rows}</div></body>"))
    group = group_of(page, ("floor",))
    assert [len(r) for r in group.records] == [2, 2, 2]
    assert group.ranges == ((0, 2), (2, 4), (4, 6))


def test_a_wrapper_only_some_long_posts_have_is_not_the_field() -> None:
    """The field is where most records keep their message: a wrapper that only two long
    posts have inside their message must not win because it is deeper."""
    posts = []
    for n in range(1, 7):
        message = f"<p>Post {n} says a few words on the heater.</p>"
        if n in (2, 5):
            message = f"<div><div><p>{'A long post about flues and stoves. ' * 12}</p></div></div>"
        posts.append(
            f"<div class=comment>user{n} - 2024-01-0{n} | thread<div>{message}</div>"
            "<div><a href=#>reply</a></div></div>"
        )
    page = build_page(html.document_fromstring(f"<body><div>{''.join(posts)}</div></body>"))
    group = next(g for g in find_groups(page) if len(g) == 6)
    fields = content_fields(page, group)
    chrome = [[page.blocks[i].text for i in record] for record in fields.chrome]
    assert all(any("2024-01-0" in text for text in record) for record in chrome)


def test_empty_elements_shift_no_place_in_a_path() -> None:
    """An empty ad slot before one post's layout does not move its message off the path
    the other posts share."""
    posts = "".join(
        f"<div class=post>{'<div class=ad></div>' if n == 2 else ''}<div class=layout>"
        f"<div class=meta>2024-02-0{n}</div><div class=msg><p>Message {n} on the topic of "
        "the week.</p></div></div></div>"
        for n in range(1, 4)
    )
    page = build_page(html.document_fromstring(f"<body><div>{posts}</div></body>"))
    group = next(g for g in find_groups(page) if len(g) == 3)
    fields = content_fields(page, group)
    texts = [[page.blocks[i].text for i in range(*span)] for span in fields.content]
    assert texts[1] == ["Message 2 on the topic of the week."]


def test_a_question_drawn_as_its_answers_is_their_lead() -> None:
    """A question whose class words differ from its answers', but whose layout is theirs,
    is found above them through the answers' field path."""

    def post(kind: str, n: int, words: str) -> str:
        return (
            f"<div class={kind}><div class=layout><div class=votes>{n}</div><div class=cell>"
            f"<div class=prose><p>{words}</p></div><div class=user>asked 2024-05-0{n} "
            f"<a href=/u/{n}>user{n}</a></div></div></div></div>"
        )

    answers = "".join(post("answer", n, f"Answer {n} explains the joists.") for n in (2, 3, 4))
    body = (
        f"<body><div id=main>{post('question', 1, 'How are floors built to stop sound?')}"
        f"<div id=answers><h2>3 Answers</h2>{answers}</div></div></body>"
    )
    page = build_page(html.document_fromstring(body))
    group = next(g for g in find_groups(page) if len(g) == 3)
    fields = content_fields(page, group)
    lead = aligned_lead(page, group, fields, lambda element, field: True)
    assert lead is not None
    assert [page.blocks[i].text for i in range(*page.nodes[lead].span)] == [
        "How are floors built to stop sound?"
    ]
    refused = aligned_lead(page, group, fields, lambda element, field: False)
    assert refused is None


def test_a_lone_reply_nested_in_a_comment_is_a_record_of_its_group() -> None:
    """The only reply to a comment stands inside it with no sibling of its kind; it is
    still one of the comments. A bare div inside a comment is not."""

    def comment(n: int, inner: str = "") -> str:
        return (
            f"<div class=comment><div class=meta>user{n} 2024-01-0{n}</div>"
            f"<div class=text><p>Comment {n} on the new bridge.</p></div>{inner}</div>"
        )

    lone = comment(3)
    markup = f"<body><div>{comment(1, lone)}{comment(2)}</div></body>"
    page = build_page(html.document_fromstring(markup))
    group = group_of(page, ("comment",))
    texts = [page.blocks[page.nodes[r[0]].start].text for r in group.records]
    assert texts == ["user1 2024-01-01", "user3 2024-01-03", "user2 2024-01-02"]
    bare = build_page(html.document_fromstring(markup.replace("class=comment", "")))
    plain = [g for g in find_groups(bare) if bare.nodes[g.records[0][0]].tokens == ()]
    starts = [bare.blocks[bare.nodes[r[0]].start].text for g in plain for r in g.records]
    assert starts == ["user1 2024-01-01", "user2 2024-01-02"]


def test_a_wrapper_of_short_posts_is_not_their_field() -> None:
    """Short comments in a wrapper (name and time, message, buttons): no element holds
    half the text, so the wrapper would be the field; its child whose text grows with the
    post is the message, not the name-and-time row beside it."""
    messages = [
        "可以的 好好休息开开心心过年 年后继续努力",
        "羡慕！！！",
        "我是年前彻底放假了，一点补偿都没有；年前不找了，过了年再找吧",
        "好",
    ]
    comments = "".join(
        f"<div class=comment><div class=main><div class=meta><a href=/u/{n}>用户{n}</a>"
        f"<span>2020-12-31 15:3{n}:50</span></div><div class=wrap><p>{text}</p></div>"
        "<div class=actions><span>点赞</span> <span>评论</span></div></div></div>"
        for n, text in enumerate(messages)
    )
    page = build_page(html.document_fromstring(f"<body><div>{comments}</div></body>"))
    group = group_of(page, ("comment",))
    fields = content_fields(page, group)
    texts = [[page.blocks[i].text for i in range(*span)] for span in fields.content]
    assert texts == [[text] for text in messages]


def test_short_messages_are_the_child_whose_length_varies_most() -> None:
    """Each record is a name, a time and a message shorter than both: the time line is a
    header, never the content, and no other element holds half the text, so the message
    is the child whose length varies from record to record (a name stays about as long)."""
    messages = ["值得", "停车场不大，十点以后就满了，建议早点去", "羡慕", "厕所只有入口有一个"]
    items = "".join(
        f"<div class=reply><div class=meta><a href=/u/{n}>用户{n}号</a></div>"
        f"<div class=meta>2026-11-2{n} 20:31:45</div><div class=text><p>{text}</p></div>"
        "<div class=ops><span>点赞</span><span>回复</span></div></div>"
        for n, text in enumerate(messages)
    )
    page = build_page(html.document_fromstring(f"<body><div class=list>{items}</div></body>"))
    group = group_of(page, ("reply",))
    dated = {i for i, block in enumerate(page.blocks) if block.text.startswith("2026-")}
    fields = content_fields(page, group, dated.__contains__)
    assert fields.aligned
    assert [" ".join(page.blocks[i].text for i in range(*span)) for span in fields.content] == (
        messages
    )


def test_parts_named_after_their_record_are_no_replies_nested_in_it() -> None:
    """Coral draws a comment as div.coral-comment holding div.coral-comment-topBar,
    -content and -actionBar: look-alikes by their class words, but three side by side in
    each comment, so no reply nested alone in it."""
    comment = (
        "<div class=coral-comment><div class=coral-comment-topBar><span>user{n}</span>"
        "<time datetime='2026-11-2{n}T07:12:00'>{n} hours ago</time></div>"
        "<div class=coral-comment-content><p>Comment {n} says a thing or two.</p></div>"
        "<div class=coral-comment-actionBar><button>Respect {n}</button></div></div>"
    )
    items = "".join(comment.format(n=n) for n in range(1, 4))
    page = build_page(html.document_fromstring(f"<body><section>{items}</section></body>"))
    group = group_of(page, ("coral", "comment"))
    assert len(group) == 3


def test_bare_elements_of_different_regions_are_different_groups() -> None:
    """A board's posts in bare list items, and its menus in bare list items too: merged,
    the menu items would outnumber the posts and the group align on nothing."""
    menu = "".join(f"<li><a href=/m/{n}>Menu {n}</a></li>" for n in range(6))
    posts = "".join(
        f"<li><div class=meta>2024-03-0{n} 10:00</div><div class=author>user{n}</div>"
        f"<div class=msg><p>Post {n} says something about the stove and the flue.</p></div></li>"
        for n in range(1, 4)
    )
    page = build_page(
        html.document_fromstring(
            f"<body><div class=menu><ul>{menu}</ul></div>"
            f"<div class=replies><ul>{posts}</ul></div><div class=side><ul>{menu}</ul></div></body>"
        )
    )
    groups = [g for g in find_groups(page) if page.nodes[g.records[0][0]].tag == "li"]
    assert sorted(len(g) for g in groups) == [3, 6, 6]
    thread = next(g for g in groups if len(g) == 3)
    fields = content_fields(page, thread)
    assert fields.aligned
    assert [page.blocks[i].text for s in fields.content for i in range(*s)] == [
        f"Post {n} says something about the stove and the flue." for n in range(1, 4)
    ]


def test_a_message_under_nested_layout_tables_is_the_field() -> None:
    """UBB.threads draws each post in a drop-shadow table around an outer, an inner and a
    post table: the message cell stands 13 levels below the record."""
    source = Path(__file__).resolve().parents[2] / "fixtures/forums/ubb_threads_en/input.html"
    page = build_page(html.document_fromstring(source.read_bytes()))
    group = next(g for g in find_groups(page) if len(g) == 5)
    fields = content_fields(page, group)
    assert fields.path is not None and len(fields.path) > 10
    first = [page.blocks[i].text for i in range(*fields.content[0])]
    assert first[0].startswith("Which field guide do people use for winter gulls?")
    assert all("Joined:" not in page.blocks[i].text for i in range(*fields.content[0]))


REPLY_DOC = (
    "<li class='comment-item'><div class=face><a href=/people/{n}/><img src=a.jpg></a></div>"
    "<div class=reply-doc><div class=bg><h4><a href=/people/{n}/>user{n}</a>"
    "<span class=pubtime>2026-11-2{n} 22:05:41</span></h4></div>"
    "<p class=reply-content>Reply {n} says the soil is dry, so water it well{extra}.</p>"
    "<div class=ops><a href=#>赞</a> <a href=#>回应</a></div></div></li>"
)


def test_a_message_beside_its_header_in_one_element_is_its_paragraphs() -> None:
    """Douban draws a reply as one element holding the name-and-time line, the message
    paragraph and the buttons: the paragraph is the content, the rest its chrome."""
    items = "".join(
        REPLY_DOC.format(n=n, extra=" and wait three days" * (n % 2)) for n in range(1, 4)
    )
    page = build_page(html.document_fromstring(f"<body><ul id=comments>{items}</ul></body>"))
    group = group_of(page, ("comment", "item"))
    fields = content_fields(page, group, lambda i: "2026-11-2" in page.blocks[i].text)
    texts = [[page.blocks[i].text for i in range(*span)] for span in fields.content]
    assert texts[0] == ["Reply 1 says the soil is dry, so water it well and wait three days."]
    chrome = [page.blocks[i].text for i in fields.chrome[1]]
    assert any("2026-11-22 22:05:41" in line for line in chrome)
    # without a header line beside them, the paragraphs are no narrower field
    plain = content_fields(page, group, lambda i: False)
    assert any("2026-11-2" in page.blocks[i].text for i in range(*plain.content[0]))


ROWS = (
    "<tr><td class=row1><b>user{n}</b><br>Joined: 0{n} Jan 2020</td><td class=row1>"
    "<table><tr><td>Posted: Sat Nov 2{n}, 2026 8:1{n} am</td></tr><tr><td><hr></td></tr>"
    "<tr><td>Post {n} says the cable wants a 32 A breaker and an RCD at the house end.</td>"
    "</tr></table></td></tr>"
    "<tr><td class=row1>Back to top</td><td class=row1><table><tr><td><a href=/u/{n}>"
    "Profile</a></td></tr></table></td></tr>"
    "<tr><td class=spaceRow><img src=s.gif></td></tr>"
)


def test_rows_that_are_in_turn_the_parts_of_a_post_are_one_record() -> None:
    """phpBB 2 draws every post as a post row, a "back to top" row and a spacer row of
    one table, between its header and footer rows: each post row and its back row are
    one record."""
    posts = "".join(ROWS.format(n=n) for n in range(1, 4))
    table = f"<table class=forumline><tr><th>Author</th><th>Message</th></tr>{posts}"
    page = build_page(html.document_fromstring(f"<body>{table}<tr><td>Page 1</td></tr></table>"))
    group = next(g for g in find_groups(page) if page.nodes[g.records[0][0]].tag == "tr")
    assert len(group) == 3
    texts = [[page.blocks[i].text for i in range(*span)] for span in group.ranges]
    assert all(
        lines[0] == f"user{n}" and lines[-2:] == ["Back to top", "Profile"]
        for n, lines in enumerate(texts, 1)
    )


def test_posts_that_alternate_in_layout_stay_records_each() -> None:
    """Posts with and without a quote alternate in shape; each holds its own text, so
    they are not pairs."""
    posts = "".join(
        f"<li><div class=head>user{n} 2026-11-2{n} 10:00</div><div class=body>"
        + ("<blockquote>an earlier post</blockquote>" if n % 2 else "")
        + f"<p>Post {n} says the soil is dry, so water it well and wait three days.</p>"
        "</div></li>"
        for n in range(1, 5)
    )
    page = build_page(html.document_fromstring(f"<body><ul class=posts>{posts}</ul></body>"))
    group = next(g for g in find_groups(page) if page.nodes[g.records[0][0]].tag == "li")
    assert len(group) == 4
