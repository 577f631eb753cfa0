"""The page model: blocks, where they stand, and the elements that hold them."""

from __future__ import annotations

from lxml import html

from cleaners.page import HEADING, QUOTE, TABLE, build_page


def page_of(markup: str):  # type: ignore[no-untyped-def]
    return build_page(html.document_fromstring(markup))


def test_blocks_carry_kind_level_links_and_place() -> None:
    page = page_of(
        "<body><h2>Sub <a href=/x>head</a></h2><blockquote><p>Quoted words.</p></blockquote>"
        "<table><tr><td>a</td><td>b</td></tr></table><ul><li><a href=/>Home</a></li></ul></body>"
    )
    kinds = [(b.text, b.kind, b.level, b.link_chars) for b in page.blocks]
    assert kinds == [
        ("Sub head", "heading", 2, 4),
        ("Quoted words.", "quote", 0, 0),
        ("a\tb", "row", 0, 0),
        ("Home", "item", 0, 4),
    ]
    assert page.blocks[0].inside & HEADING
    assert page.blocks[1].inside & QUOTE
    assert page.blocks[2].inside & TABLE


def test_every_node_holds_a_contiguous_range_of_its_blocks() -> None:
    page = page_of(
        "<body><div id=a><p>one</p><div class='x y'><p>two</p><p>three</p></div></div>"
        "<p>four</p></body>"
    )
    by_tokens = {n.tokens: n for n in page.nodes}
    assert (by_tokens[("a",)].start, by_tokens[("a",)].end) == (0, 3)
    assert (by_tokens[("x", "y")].start, by_tokens[("x", "y")].end) == (1, 3)
    for node in page.nodes:
        for block in page.blocks[node.start : node.end]:
            # A block's own node is this node or a descendant of it.
            k = block.node
            while k not in (-1, page.nodes.index(node)):
                k = page.nodes[k].parent
            assert k != -1


def test_noscript_text_is_read_scripts_and_hidden_elements_are_not() -> None:
    page = page_of(
        "<body><script>var x = 1;</script><div hidden>gone</div>"
        "<noscript><p>The article lives here.</p></body>"
    )
    assert [b.text for b in page.blocks] == ["The article lives here."]


def test_class_and_id_words_drop_digits() -> None:
    page = page_of("<body><div id=post_123 class='post bg2'><p>x</p></div></body>")
    assert ("post", "bg") in [n.tokens for n in page.nodes]


def test_range_sums_count_words_and_link_words() -> None:
    page = page_of("<body><p>one two <a href=/>three four</a></p><p>五六七八</p></body>")
    assert page.units(0, 2) == 6.0
    # Link units are estimated by the links' share of the block's characters.
    assert abs(page.link_units(0, 1) - 4 * len("three four") / len("one two three four")) < 1e-9


def test_custom_elements_wrapping_blocks_are_nodes_inline_ones_are_not() -> None:
    page = page_of(
        "<body><x-comment author=a><div>Ann</div><p>First <x-time>2d</x-time> ago.</p>"
        "</x-comment><x-comment author=b><div>Bob</div><p>Second.</p></x-comment></body>"
    )
    assert [b.text for b in page.blocks] == ["Ann", "First 2d ago.", "Bob", "Second."]
    comments = [n for n in page.nodes if n.tag == "x-comment"]
    assert [(n.start, n.end) for n in comments] == [(0, 2), (2, 4)]
    assert not any(n.tag == "x-time" for n in page.nodes)


def test_short_lines_keep_where_inline_elements_run_together() -> None:
    page = page_of(
        "<body><div><a href=/u/m>mkowalski</a><span>Marta Kowalski</span></div>"
        "<div><span class=avatar>懒</span><a href=/u/l>懒猫</a></div>"
        "<p>Hel<b>lo</b> there, <a href=/>friend</a></p></body>"
    )
    parts = [(b.text, b.parts) for b in page.blocks]
    assert parts == [
        ("mkowalskiMarta Kowalski", (9,)),
        ("懒懒猫", (1,)),
        ("Hello there, friend", (3,)),  # only where no space stands between
    ]


def test_short_lines_keep_how_much_of_them_a_leading_link_covers() -> None:
    page = page_of(
        "<body><div><a href=/u/1><img src=a.jpg></a><b><a href=/u/1>豆豆妈2023</a></b>"
        " <span>Lv.5</span></div>"
        "<div><a href=/u/2>Ivy Okafor</a> <span>Member</span></div>"
        "<div><a href=/t/3>A whole line that is a link</a></div>"
        "<div>Posted by <a href=/u/4>sam</a></div></body>"
    )
    leads = [(b.text, b.lead_link) for b in page.blocks]
    assert leads == [
        ("豆豆妈2023 Lv.5", 7),  # the avatar's link shows no text: the name's link leads
        ("Ivy Okafor Member", 10),
        ("A whole line that is a link", 0),
        ("Posted by sam", 0),
    ]
