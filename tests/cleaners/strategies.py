"""Hypothesis strategies for the cleaners' inputs: dumps, pages, their bytes, charset names.

Shared by the property tests and by benchmarks/fuzz.py. The pieces are chosen to reach every
rule and every decoding branch: markdown syntax, CJK and Latin prose, dates, inline
markers, emphasis marks, entities, deep tags; charset names real, misspelt and non-text
(zlib, rot13, base64 ...); bytes mixing several encodings in one page.
"""

from __future__ import annotations

from hypothesis import strategies as st

#: Charset labels as pages and servers write them, right or wrong.
CHARSETS = st.one_of(
    st.sampled_from(
        [
            "utf-8", "UTF8", "gbk", "GB2312", "gb18030", "x-gbk", "big5", "Big5-HKSCS",
            "iso-8859-1", "latin-1", "windows-1252", "us-ascii", "shift_jis", "euc-kr",
            "koi8-r", "windows-1251", "utf-16", "utf-16le", "utf-32",
            # names Python knows that are no text encoding of a page
            "zlib", "hex", "rot13", "bz2", "base64", "quopri", "uu", "undefined", "utf-7",
            "idna", "punycode", "unicode_escape", "charmap",
        ]
    ),
    st.text("abcdefghijklmnopqrstuvwxyz0123456789_.:-", min_size=1, max_size=12),
)  # fmt: skip

#: Encodings text pieces are written in when bytes are built.
ENCODINGS = st.sampled_from(["utf-8", "gbk", "big5", "cp1252", "utf-16-le", "shift_jis"])

TEXT_PIECES = st.sampled_from(
    [
        "The council approved the budget on Monday. ",
        "全球AI竞赛如火如荼之际，美国总统宣布新的出口管制。",
        "臺北市政府今天宣布調整公車票價。",
        "Le café est très bon. ",
        "2024-01-01 ", "2025年12月13日12:40:11", "March 5, 2024 2:05 p.m. GMT", "3小时前",
        "Advertisement ", "广告 ", "End of 热读 ", "点击关注",
        "**", "*", "__", "_", "[", "](", ")", "![", "# ", "| ", " |", "* ", "> ", "---",
        "\n", "\n\n", "\t", "\r\n", "\u3000", "\ufeff", "\x00", "\x1b", "…", "...", "。",
        "版权声明:", "相关文章", "Related articles", "发表于 ", "#2 ", "2楼", "引用:",
        "(责任编辑:赵六)", "By Jane Doe", "\\", "\ud7ff", "\U0001f600",
    ]
)  # fmt: skip
DUMPS = st.lists(st.one_of(TEXT_PIECES, st.text(max_size=20)), max_size=50).map("".join)

TAGS = st.sampled_from(
    [
        "<p>", "</p>", "<div>", "</div>", "<br>", "<span>", "</span>", "<table><tr><td>",
        "</td></tr></table>", "<a href=/x>", "</a>", "<script>var a='2024-01-01';</script>",
        "<style>p{}</style>", "<!--", "-->", "<h1>", "</h1>", "<li>", "<article>",
        "&amp;", "&#20013;", "&nbsp;", "&#0;", "&bogus;", "<![CDATA[", "<?xml version='1.0'?>",
        '<meta name="author" content="Li">', '<script type="application/ld+json">{"@type":',
    ]
)  # fmt: skip


@st.composite
def pages(draw: st.DrawFn) -> str:
    """An HTML page, maybe with a <meta charset>, its body tags and text mixed."""
    meta = draw(st.one_of(st.none(), CHARSETS))
    head = f'<meta charset="{meta}">' if meta is not None else ""
    body = "".join(draw(st.lists(st.one_of(TAGS, TEXT_PIECES, DUMPS), max_size=40)))
    return f"<html><head>{head}<title>t</title></head><body>{body}</body></html>"


@st.composite
def mixed_bytes(draw: st.DrawFn) -> bytes:
    """Pieces of one text written in several encodings, as pasted-together pages are."""
    parts = draw(st.lists(st.tuples(st.one_of(TEXT_PIECES, DUMPS), ENCODINGS), max_size=12))
    return b"".join(text.encode(encoding, "replace") for text, encoding in parts)


@st.composite
def page_bytes(draw: st.DrawFn) -> bytes:
    """A page encoded as declared, as something else, or mixed; or random bytes."""
    return draw(
        st.one_of(
            st.builds(lambda p, e: p.encode(e, "replace"), pages(), ENCODINGS),
            st.builds(lambda p, m: p.encode("utf-8") + m, pages(), mixed_bytes()),
            mixed_bytes(),
            st.binary(max_size=600),
        )
    )


#: What decode_html is called with: the bytes and the HTTP header's charset, if any.
DECODE_CALLS = st.tuples(page_bytes(), st.one_of(st.none(), CHARSETS))

#: A command-line input: its file name and its bytes (text, HTML, binary, empty, mixed).
CLI_INPUTS = st.tuples(
    st.sampled_from(["a.txt", "b.html", "c.md", "d", "e.png"]),
    st.one_of(
        st.just(b""),
        DUMPS.map(lambda text: text.encode("utf-8")),
        st.builds(lambda text, e: text.encode(e, "replace"), DUMPS, ENCODINGS),
        page_bytes(),
    ),
)
