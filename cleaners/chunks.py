"""What the extractor leaves out of an article and the DOM shows: the other chunks of a
body cut into chunks, and the copies of a paragraph the page repeats.

Some sites cut a story's body into sibling containers of the same kind, with an ad rail or
a promo between them (`<div class="body__container article__body">` one after another).
An extractor that scores containers one by one keeps the best chunk and drops the others.
The signal is structural: sibling elements that look alike (same tag, similar class
tokens) and each hold a run of prose paragraphs under one parent, the run of a body, not
the one-summary cards of a teaser list. Where the extractor's text holds most of one such
chunk, the paragraphs of its look-alike siblings that it lacks belong to the story too.

The extractor also gives once a paragraph that repeats the one before it (a guard against
its own overlapping candidates), and once a paragraph that its fallback finds again among
the page's loose paragraphs, however far apart. Where the page shows it in sibling elements
of one tag and class, in a row or with other blocks between (a heading, a figure), the
repetition is the page's own and the copies are given back.

Chunks and repeats are read off the tree before the extractor runs (it prunes the tree in
place), both from one reading of its paragraphs (`read_paragraphs`); `complete` and
`restore_repeats` then work on text alone.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from itertools import pairwise
from typing import TYPE_CHECKING

from .page import is_invisible
from .textutil import ends_sentence, squeeze, units

if TYPE_CHECKING:
    from lxml import etree

#: Chunks are siblings whose class tokens overlap this much (Jaccard) ...
MIN_CLASS_OVERLAP = 0.6
#: ... that each hold a body: two prose paragraphs or more among one element's children
#: (a teaser card has one summary), each of this many characters, ending a sentence.
MIN_PARAGRAPH_CHARS = 80
#: A chunk's body paragraphs are this share of its text at least.
MIN_BODY_SHARE = 0.5
#: The extractor holds a chunk when it has half of its paragraphs, and they are this
#: share of its text at least (not one lead paragraph that a teaser repeats).
MIN_HELD_SHARE = 0.3
#: Paragraphs are matched on their opening characters.
KEY_CHARS = 60

#: A group of look-alike sibling chunks, in document order; each chunk its paragraphs.
Chunks = tuple[tuple[str, ...], ...]
#: The page's `<p>` elements with their text, in document order.
Paragraphs = list[tuple["etree._Element", str]]


def read_paragraphs(root: etree._Element) -> Paragraphs:
    """Every `<p>` under `root` with its text, spaces squeezed: what `find_chunks` and
    `find_repeats` both read, read once."""
    return [(p, squeeze("".join(p.itertext()))) for p in root.iter("p")]


def find_chunks(paragraphs: Paragraphs) -> tuple[Chunks, ...]:
    """Every run of two or more look-alike siblings that each hold a body: an element
    with two prose paragraphs or more among its children. Most pages have one such
    element, and nothing to pair it with."""
    bodies: dict[etree._Element, list[str]] = {}
    for p, text in paragraphs:
        if len(text) >= MIN_PARAGRAPH_CHARS and ends_sentence(text):
            bodies.setdefault(p.getparent(), []).append(text)
    held = [(element, tuple(texts)) for element, texts in bodies.items() if len(texts) >= 2]
    groups: list[list[tuple[etree._Element, tuple[str, ...]]]] = []
    for (a, texts_a), (b, texts_b) in pairwise(held):
        pair = _sibling_chunks(a, b)
        if pair is None or not _look_alike(*pair):
            continue
        if not (_mostly(pair[0], texts_a) and _mostly(pair[1], texts_b)):
            continue  # a comment's paragraphs in a section of comments, not a body's chunk
        if groups and groups[-1][-1][0] is pair[0]:
            groups[-1].append((pair[1], texts_b))  # the run goes on
        else:
            groups.append([(pair[0], texts_a), (pair[1], texts_b)])
    return tuple(tuple(texts for _chunk, texts in group) for group in groups)


def _sibling_chunks(
    a: etree._Element, b: etree._Element
) -> tuple[etree._Element, etree._Element] | None:
    """The children of the nearest element holding both `a` and `b` that hold each of
    them (None when one holds the other)."""
    path_b = [b, *b.iterancestors()]
    on_b = {id(element): k for k, element in enumerate(path_b)}
    previous = None
    for element in (a, *a.iterancestors()):
        k = on_b.get(id(element))
        if k is not None:
            return None if previous is None or k == 0 else (previous, path_b[k - 1])
        previous = element
    return None


def _mostly(chunk: etree._Element, paragraphs: tuple[str, ...]) -> bool:
    """The body's paragraphs are most of the chunk's text: an ad, a caption or a
    heading beside them, not the headers and the other posts of a comment section."""
    text = units(squeeze(chunk.text_content()))
    return units(" ".join(paragraphs)) >= MIN_BODY_SHARE * text


def _look_alike(a: etree._Element, b: etree._Element) -> bool:
    """Elements of one tag whose class tokens overlap enough."""
    if a.tag != b.tag:
        return False
    tokens_a = set((a.get("class") or "").split())
    tokens_b = set((b.get("class") or "").split())
    union = tokens_a | tokens_b
    return bool(union) and len(tokens_a & tokens_b) / len(union) >= MIN_CLASS_OVERLAP


def complete(article: str, groups: tuple[Chunks, ...]) -> str:
    """`article` (the extractor's text) with the paragraphs it lacks of the chunks that
    look like the one it holds: those of earlier chunks before it, of later ones after.

    >>> one = ("The first part of the story, long enough to be a paragraph of its body.",
    ...        "Its second paragraph, which the extractor kept with the first one too.")
    >>> two = ("The third paragraph, in the next chunk after an ad rail, is lost to it.",
    ...        "The fourth paragraph, the end of the story, which is lost to it as well.")
    >>> complete("\\n".join(one), ((one, two),)).split("\\n")[2:] == list(two)
    True
    """
    if not article or not groups:
        return article
    held = squeeze(article)
    size = units(held)
    before: list[str] = []
    after: list[str] = []
    added: set[str] = set()
    for chunks in groups:
        inside = [sum(1 for text in chunk if text[:KEY_CHARS] in held) for chunk in chunks]
        best = max(range(len(chunks)), key=inside.__getitem__)
        kept = [text for text in chunks[best] if text[:KEY_CHARS] in held]
        if not kept or 2 * len(kept) < len(chunks[best]):
            continue
        if units(" ".join(kept)) < MIN_HELD_SHARE * size:
            continue
        for k, chunk in enumerate(chunks):
            if k == best or 2 * inside[k] > len(chunk):
                continue  # the extractor's own chunk, or one it mostly holds
            missing = [t for t in chunk if t[:KEY_CHARS] not in held and t not in added]
            added.update(missing)  # nested look-alikes may give a paragraph twice
            (before if k < best else after).extend(missing)
    if not before and not after:
        return article
    return "\n".join([*before, article, *after])


#: A paragraph the page shows this many characters long, or longer, twice or more is one
#: the extractor gives once (shorter repeats it keeps).
MIN_REPEAT_CHARS = 50
#: A run longer than this is filler (a template stuck in a loop), not a chorus: it is
#: given this many times.
MAX_REPEATS = 5


def find_repeats(root: etree._Element, paragraphs: Paragraphs) -> dict[str, int]:
    """Texts that the page shows two times or more in sibling elements of one tag and
    class ("Lorem ipsum..." twice, a chorus), with how many times: the longest run in a
    row, or for paragraphs (`<p>`) the visible copies among one parent's children, other
    blocks between them. The extractor gives such a paragraph once: it drops one that
    repeats the one before it (a guard against its own overlapping candidates), and its
    fallback, which reads the page's loose paragraphs, takes each text once.

    Runs are one XPath, run by libxml2: a walk in Python over every element's children
    costs three times as much (2.5 ms a page against 0.7 on the bench pages). A run is
    counted from the one that ends on the sibling before, so a long run costs no more
    than a short one. Paragraphs apart are counted on the `<p>` elements alone, from
    `paragraphs` (those of `root`)."""
    runs: dict[str, int] = {}
    run_at: dict[etree._Element, int] = {}  # the matches come in document order
    for element in _repeated()(root):
        run = run_at[element] = min(run_at.get(element.getprevious(), 1) + 1, MAX_REPEATS)
        text = squeeze("".join(element.itertext()))
        runs[text] = max(runs.get(text, 1), run)
    copies: defaultdict[tuple[object, str, str], list[etree._Element]] = defaultdict(list)
    for p, text in paragraphs:
        if len(text) >= MIN_REPEAT_CHARS:
            copies[(p.getparent(), p.get("class") or "", text)].append(p)
    for (_parent, _class, text), elements in copies.items():
        if len(elements) > 1:
            shown = min(sum(1 for p in elements if not is_invisible(p)), MAX_REPEATS)
            if shown > runs.get(text, 1):
                runs[text] = shown
    return runs


@functools.cache
def _repeated() -> etree.XPath:
    """Elements of the same tag, class, child count and text as the sibling element before
    them. Not of another class: a site that draws a caption or a summary twice, once for
    small screens and once for large ones ("caption", "caption-remote"), shows it once."""
    from lxml import etree

    return etree.XPath(
        "//body//*[name() = name(preceding-sibling::*[1])]"
        "[string(@class) = string(preceding-sibling::*[1]/@class)]"
        "[count(*) = count(preceding-sibling::*[1]/*)]"
        "[normalize-space(.) = normalize-space(preceding-sibling::*[1])]"
        f"[string-length(normalize-space(.)) >= {MIN_REPEAT_CHARS}]"
    )


def restore_repeats(article: str, repeats: dict[str, int]) -> str:
    """`article` with each paragraph that the page repeats given as many times as the page
    shows it: the copies it lacks follow the last one it holds.

    >>> line = "The same paragraph, long enough to count, shown twice on the page."
    >>> restore_repeats(f"Intro.\\n{line}\\nEnd.", {line: 2}).split("\\n")
    ['Intro.', 'The same paragraph, long enough to count, shown twice on the page.', \
'The same paragraph, long enough to count, shown twice on the page.', 'End.']
    """
    if not repeats or not article:
        return article
    lines = article.split("\n")
    keys = [squeeze(line) for line in lines]
    held = Counter(key for key in keys if key in repeats)
    last = {key: i for i, key in enumerate(keys) if key in held}
    out: list[str] = []
    for i, line in enumerate(lines):
        out.append(line)
        if last.get(keys[i]) == i:
            out.extend([line] * (repeats[keys[i]] - held[keys[i]]))
    return "\n".join(out)
