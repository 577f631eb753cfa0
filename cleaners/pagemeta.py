"""Metadata an HTML page states about itself, read from every place pages state it.

Precedence, field by field (the first source that gives a usable value wins):

- title: a JSON-LD headline that agrees with the page's <title>, og:title or <h1> (a
  "headline" that agrees with none is a description); Dublin Core, Open Graph, Twitter,
  parsely and <meta name=title>, without a site name appended; the <h1> the <title> wraps;
  the <title> without its site and channel parts;
- authors: JSON-LD author (strings, objects, lists, @graph); meta tags (dc.creator, author,
  article:author, parsely-author, byl, sailthru.author; multi-valued); byline markup found
  by its structure near the headline (rel=author, itemprop=author, class or id "byline",
  "author"); a name that the page shows only as its editor's, a URL, a CMS id, an
  attribute value or the site's own name is no author;
- published / modified: JSON-LD datePublished / dateModified; meta tags (article:*,
  parsely-pub-date, Dublin Core, Chinese CMS names such as publishdate); <time datetime>;
- site: og:site_name, application-name, JSON-LD publisher, the site part of the <title>
  (a Twitter handle is never a site name);
- language: <html lang>, <meta http-equiv=content-language>, JSON-LD inLanguage (checked
  against the text by `reconcile_language`).

What is missing here is read off the page's visible lines afterwards (metadata.py); each
value's source is kept in `PageMeta.sources` and ends up in `Document.sources`.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

from .dates import RELATIVE, find_dates
from .document import Reply
from .metadata import ends_like_site, shingles, strip_title_tags
from .options import Options, normalize_phrase
from .textutil import CJK_CHAR

#: Meta tags by what they give, in precedence order (names folded to lower case).
META_TITLE = (
    "dc:title", "dc.title", "dcterms.title", "dcterm:title", "og:title", "twitter:title",
    "parsely-title", "title", "headline",
)  # fmt: skip
META_AUTHOR = (
    "dc:creator", "dc.creator", "dcterms.creator", "dcterm:creator", "author",
    "article:author", "parsely-author", "byl", "sailthru.author", "citation_author",
)  # fmt: skip
META_PUBLISHED = (
    "article:published_time", "og:published_time", "parsely-pub-date", "datepublished",
    "dc.date.issued", "dcterms.issued", "dc.date", "dc:date", "pubdate", "publishdate",
    "publish_date", "publish-date", "sailthru.date", "date", "citation_publication_date",
    "ptime", "pdate",
)  # fmt: skip
META_MODIFIED = (
    "article:modified_time", "og:updated_time", "datemodified", "dc.date.modified",
    "dcterms.modified", "last-modified", "updatetime", "utime",
)  # fmt: skip
META_SITE = ("og:site_name", "application-name", "sitename")
_JSONLD_ARTICLES = re.compile(r"article|posting|report|blog|news|discussion|webpage", re.I)
_ISO = re.compile(
    r"^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?"
)
#: Class or id words of byline markup (Readability's and hCard's conventions).
_BYLINE_CLASS = re.compile(r"byline|author|writtenby|p-author|authorname", re.I)
#: ... and those of markup next to it that is no byline: an author's biography, photo,
#: "more by" and follow buttons, comment authors.
_NOT_BYLINE_CLASS = re.compile(
    r"bio|photo|avatar|image|more|follow|comment|title|desc|post_?on|time|date", re.I
)


@dataclass(frozen=True, slots=True)
class PageMeta:
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    modified: str | None = None
    site: str | None = None
    #: The language the page declares (<html lang> ...), as written.
    language: str | None = None
    canonical_url: str | None = None
    #: The page says it is one article (JSON-LD NewsArticle/BlogPosting, og:type article),
    #: not a thread of posts (DiscussionForumPosting) nor a listing.
    single_article: bool = False
    #: (field, where it came from) for every field given above.
    sources: tuple[tuple[str, str], ...] = ()
    #: The answers and comments the page's JSON-LD gives with their text (a QAPage's
    #: accepted and suggested answers, a DiscussionForumPosting's comments), in order, and
    #: the text of the question or post they answer.
    replies: tuple[Reply, ...] = ()
    post: str | None = None

    @property
    def author(self) -> str | None:
        return self.authors[0] if self.authors else None


def page_meta(root: etree._Element, options: Options) -> PageMeta:
    """Everything the page declares, in the precedence of the module's docstring."""
    meta = _meta_tags(root)
    ld = _jsonld_article(root)
    sources: list[tuple[str, str]] = []
    site = _pick(sources, "site", _site_candidates(root, meta, ld, options))
    # A site name the <title> gave is no test of the <title>'s own parts.
    named_site = site if sources and sources[-1] != ("site", "title") else None
    title = _pick(sources, "title", _title_candidates(root, meta, ld, named_site, options))
    if title:
        title = strip_title_tags(title, options)
    channels = title_parts(_title_text(root) or "")[1:]  # a <title>'s site and channel names
    authors = _authors(sources, root, meta, ld, (site, *channels), options)
    published = _pick(sources, "published", _date_candidates(root, meta, ld, "datePublished"))
    modified = _pick(sources, "modified", _date_candidates(root, meta, ld, "dateModified"))
    language = _pick(sources, "language", _language_candidates(root, meta, ld))
    thread = declared_thread(root)
    return PageMeta(
        title=title,
        authors=authors,
        published=published,
        modified=modified,
        site=site,
        language=language,
        canonical_url=_canonical(root) or _first(meta, ("og:url",)),
        single_article=_single_article(ld, meta),
        sources=tuple(sources),
        replies=thread[1],
        post=thread[0],
    )


Candidates = Iterable[tuple[str, str | None]]


def _pick(sources: list[tuple[str, str]], name: str, candidates: Candidates) -> str | None:
    """The first candidate value, its source recorded under `name`."""
    for source, value in candidates:
        if value:
            sources.append((name, source))
            return value
    return None


def _single_article(ld: dict[str, Any], meta: dict[str, list[str]]) -> bool:
    kinds = _kinds(ld)
    if any(_THREAD_TYPES.search(k) for k in kinds):
        return False
    if kinds and not any(k.lower() == "webpage" for k in kinds):
        return True
    return (_first(meta, ("og:type",)) or "").lower() == "article"


#: JSON-LD types of forum threads and comment pages: they hold many posts.
_THREAD_TYPES = re.compile(r"discussion|forum|comment|qapage|question", re.IGNORECASE)


def _kinds(item: dict[str, Any]) -> list[str]:
    kind = item.get("@type")
    return [k for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str)]


# --- meta tags and JSON-LD ------------------------------------------------------------


def _meta_tags(root: etree._Element) -> dict[str, list[str]]:
    """Every meta tag's values by name, property or itemprop, lower-cased; a property that
    lists several names ("dc:title og:title") counts for each."""
    ranked: dict[str, list[tuple[int, str]]] = {}
    for element in root.iter("meta"):
        value = _clean(element.get("content"))
        if not value:
            continue  # <meta name=author> with no content says nothing
        for rank, attribute in enumerate(("property", "name", "itemprop")):
            for key in dict.fromkeys((element.get(attribute) or "").lower().split()):
                ranked.setdefault(key, []).append((rank, value))
    # RDFa's property is the standard's attribute; name= is the older HTML form.
    return {
        key: [v for _, v in sorted(values, key=lambda p: p[0])] for key, values in ranked.items()
    }


def _first(meta: dict[str, list[str]], keys: Iterable[str]) -> str | None:
    for key in keys:
        if meta.get(key):
            return meta[key][0]
    return None


def _jsonld_items(root: etree._Element) -> Iterator[dict[str, Any]]:
    """Every object of the page's JSON-LD (graphs and arrays opened; CDATA wrappers, which
    many CMSs put around it, taken off)."""
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        text = _CDATA.sub("", script.text).strip().rstrip(";")
        try:
            data = json.loads(text, strict=False)
        except ValueError:
            continue  # broken JSON-LD is common; the page's other metadata still counts
        yield from _walk(data)


#: Private-use characters: the glyphs of icon fonts, no text.
PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")
_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")


def _jsonld_article(root: etree._Element) -> dict[str, Any]:
    """The JSON-LD object that describes the page's article or post: the first of an
    article type (a QAPage's question), else the first WebPage."""
    pages: list[dict[str, Any]] = []
    for item in _jsonld_items(root):
        kinds = _kinds(item)
        if "QAPage" in kinds and isinstance(item.get("mainEntity"), dict):
            return dict(item["mainEntity"])
        if any(_JSONLD_ARTICLES.search(k) and k.lower() != "webpage" for k in kinds):
            return item
        if any(k.lower() == "webpage" for k in kinds):
            pages.append(item)
    return pages[0] if pages else {}


def _walk(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [item for element in data for item in _walk(element)]
    if isinstance(data, dict):
        return [data, *_walk(data.get("@graph", []))]
    return []


def _people(value: Any) -> list[str]:
    """Names in JSON-LD's author: a string, an object with a name, or a list of either."""
    if isinstance(value, list):
        return [name for v in value for name in _people(v)]
    if isinstance(value, dict):
        return _people(value.get("name"))
    text = _ld_text(value)
    return [text] if text else []


def _ld_text(value: Any) -> str | None:
    """A JSON-LD string: CMSs often leave HTML entities in it ("&#8216;The Medium")."""
    return _clean(html.unescape(value)) if isinstance(value, str) else None


def _clean(value: Any) -> str | None:
    """Whitespace folded, and private-use characters (icon fonts' glyphs) taken out."""
    if not isinstance(value, str):
        return None
    text = " ".join(PRIVATE_USE.sub("", value).split())
    return text or None


def declared_thread(root: etree._Element) -> tuple[str | None, tuple[Reply, ...]]:
    """The post and the replies the page's JSON-LD states with their text: a QAPage
    question and its acceptedAnswer and suggestedAnswer, a DiscussionForumPosting and its
    comment list (schema.org, as search engines ask for them). Each reply with its author
    and dateCreated, where given; no replies, no post."""
    found: list[Reply] = []
    for item in _jsonld_items(root):
        kinds = {k.lower() for k in _kinds(item)}
        question = item.get("mainEntity") if "qapage" in kinds else item
        if not isinstance(question, dict):
            continue
        if "question" in {k.lower() for k in _kinds(question)}:
            posts = [
                *_objects(question.get("acceptedAnswer")),
                *_objects(question.get("suggestedAnswer")),
            ]
        elif "discussionforumposting" in kinds:
            posts = _objects(item.get("comment"))
        else:
            continue
        for post in posts:
            text = _post_text(post.get("text"))
            if text:
                names = _people(post.get("author"))
                published = iso_date(_ld_text(post.get("dateCreated") or post.get("datePublished")))
                found.append(Reply(text, names[0] if names else None, published))
        if found:  # one thread a page: a second JSON-LD block repeats it
            return _post_text(question.get("text") or question.get("articleBody")), tuple(found)
    return None, ()


def _objects(value: Any) -> list[dict[str, Any]]:
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, dict)]


def _post_text(value: Any) -> str | None:
    """A post's declared text, HTML and all ("<p>You can try ...</p>"), as paragraphs."""
    if not isinstance(value, str):
        return None
    marked = _BREAKS.sub("\n", value)
    plain = html.unescape(_TAGS.sub("", marked))
    lines = [_clean(line) for line in plain.split("\n")]
    return "\n".join(line for line in lines if line) or None


_BREAKS = re.compile(r"<br\s*/?>|</p\s*>|</div\s*>|</li\s*>", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]*>")


# --- title ------------------------------------------------------------------------------


def _title_candidates(
    root: etree._Element,
    meta: dict[str, list[str]],
    ld: dict[str, Any],
    site: str | None,
    options: Options,
) -> Candidates:
    tag = _title_text(root)
    headings = [t for t in (_text(h) for h in root.iter("h1", "h2")) if t]
    headline = _ld_text(ld.get("headline"))
    if headline and _agrees(headline, [tag, _first(meta, ("og:title",)), *headings]):
        yield "json-ld", _strip_site(headline, site, options)
    for key in META_TITLE:
        value = _first(meta, (key,))
        if value and value != tag and not is_site_part(value, site, options):
            yield f"meta:{key}", _strip_site(value, site, options)
    if tag:
        yield "h1", _wrapped_heading(tag, headings)
        yield "title", _title_part(tag, site, options)


def _agrees(headline: str, others: Iterable[str | None]) -> bool:
    """Half the headline's shingles are in the <title>, og:title or an <h1>."""
    grams = shingles(headline)
    for other in others:
        if other and grams and len(grams & shingles(other)) >= TITLE_AGREEMENT * len(grams):
            return True
    return False


#: Share of a JSON-LD headline's shingles that the page's title or heading must repeat.
TITLE_AGREEMENT = 0.5


def _title_text(root: etree._Element) -> str | None:
    for element in root.iter("title"):
        return _clean("".join(element.itertext()))
    return None


def _text(element: etree._Element) -> str | None:
    return _clean("".join(element.itertext()))


def _wrapped_heading(title: str, headings: list[str]) -> str | None:
    """The longest <h1> that the <title> wraps in site names, if one does (a permalink
    mark after it, "¶", is no part of it)."""
    wrapped = [
        text
        for text in (h.rstrip(" ¶#§") for h in headings)
        if len(text) >= HEADING_SHARE * len(title) and text in title
    ]
    return max(wrapped, key=len) if wrapped else None


def _title_part(title: str, site: str | None, options: Options) -> str:
    """The <title> without the site and channel names pages append ("Headline | Site",
    "标题_频道_网站"): its first part that is not the site's name ("Mozilla - Wikipedia"
    is about Mozilla).

    >>> from cleaners.options import Options
    >>> _title_part("Bridge opens after decade | Example Gazette", None, Options())
    'Bridge opens after decade'
    >>> _title_part("Mozilla - Wikipedia", None, Options())
    'Mozilla'
    """
    parts = [p for p in title_parts(title) if p.lower() not in _NO_VALUE]
    headline = [p for p in parts if not is_site_part(p, site, options)] or parts
    return headline[0] if headline else title


def _strip_site(value: str, site: str | None, options: Options) -> str:
    """A declared title without a trailing site name ("Headline | Aktuálně.cz")."""
    parts = title_parts(value)
    if len(parts) > 1 and is_site_part(parts[-1], site, options):
        return _title_part(value, site, options)
    return value


def title_parts(title: str) -> list[str]:
    return [p.strip() for p in _TITLE_SEPARATORS.split(title) if p.strip()]


def is_site_part(part: str, site: str | None, options: Options) -> bool:
    """A <title> part names the site: it is in the site's name, or is a domain name, or
    ends like a site name ("...网", "...Blog")."""
    folded = normalize_phrase(part)
    if site and folded in normalize_phrase(site):
        return True
    if _DOMAIN.fullmatch(part):
        return True
    return ends_like_site(folded, options) and len(part) <= MAX_SITE_CHARS


_DOMAIN = re.compile(r"(?:[\w-]+\.)+[a-z]{2,}", re.IGNORECASE)
#: A site name is short; a long <title> part is a second headline.
MAX_SITE_CHARS = 30
#: A heading found inside the <title> is its headline when it covers this much of it
#: (a site's logo heading is much shorter than a headline-plus-site-name <title>).
HEADING_SHARE = 0.4
_TITLE_SEPARATORS = re.compile(
    r"\s+[|\-–—»·:]{1,2}\s+|\s*[|_｜]\s*|——|--|(?<=[^\x00-\x7f])-(?=[^\x00-\x7f])"
)


# --- site ------------------------------------------------------------------------------


def _site_candidates(
    root: etree._Element, meta: dict[str, list[str]], ld: dict[str, Any], options: Options
) -> Candidates:
    for key in META_SITE:
        yield f"meta:{key}", _site_name(_first(meta, (key,)))
    publisher = _people(ld.get("publisher"))
    yield "json-ld", _site_name(publisher[0] if publisher else None)
    yield "title", _title_site(root, options)


def _site_name(value: str | None) -> str | None:
    """A site name, not a Twitter handle nor a URL."""
    if not value or value.startswith(("@", "http://", "https://")) or value.lower() in _NO_VALUE:
        return None
    return value


#: Values a template prints where it has none.
_NO_VALUE = ("null", "none", "undefined", "nan")
_SENTENCE_MARK = re.compile(r"[，。！？、“”,!?]")


def _title_site(root: etree._Element, options: Options) -> str | None:
    """The site's name as the <title> gives it after the headline ("Headline - Site",
    "标题_频道_网站"): the last part that ends like a site name, else the last part, unless
    that part credits the software.

    >>> from lxml import html
    >>> from cleaners.options import Options
    >>> _title_site(html.fromstring("<title>老楼出新电梯_东城新闻_临江新闻网</title>"), Options())
    '临江新闻网'
    >>> _title_site(html.fromstring("<title>煮一碗粥的窍门_39健康网_饮食</title>"), Options())
    '39健康网'
    """
    parts = title_parts(_title_text(root) or "")
    if len(parts) < 2:
        return None
    rest = [p for p in parts[1:] if _may_be_site(p, options)]
    named = [p for p in rest if is_site_part(p, None, options) and not _DOMAIN.fullmatch(p)]
    if named:
        return named[-1]
    if is_site_part(parts[0], None, options) and _may_be_site(parts[0], options):
        return parts[0]  # "CCTV.com- 央视论坛 :: null": the <title> names only the site
    return rest[-1] if rest else None


def _may_be_site(part: str, options: Options) -> bool:
    """Not a software credit, a second headline, nor a template's empty value."""
    if len(part) > MAX_SITE_CHARS or _SENTENCE_MARK.search(part) or part.lower() in _NO_VALUE:
        return False
    return not options.phrases.search("not_author", normalize_phrase(part))


# --- authors ---------------------------------------------------------------------------


def _authors(
    sources: list[tuple[str, str]],
    root: etree._Element,
    meta: dict[str, list[str]],
    ld: dict[str, Any],
    not_names: tuple[str | None, ...],
    options: Options,
) -> tuple[str, ...]:
    """The first source's authors that are names (see `plausible_author`) and not the
    page's editor (see `is_editor`)."""
    text: str | None = None  # the page's text, read only if a name needs checking
    for source, names in _author_candidates(root, meta, ld, options):
        # A person's blog names its site after them: only a meta tag that names the site
        # (article:author = 网易) is the site's credit, not JSON-LD's author object.
        others = () if source == "json-ld" else not_names
        kept = [n for n in dict.fromkeys(names) if plausible_author(n, others, options)]
        if kept:
            text = (
                text
                if text is not None
                else etree.tostring(root, method="text", encoding="unicode")
            )
            kept = [n for n in kept if not is_editor(n, text, options)]
        if kept:
            sources.append(("authors", source))
            return tuple(kept)
    return ()


def _author_candidates(
    root: etree._Element, meta: dict[str, list[str]], ld: dict[str, Any], options: Options
) -> Iterator[tuple[str, list[str]]]:
    """(source, names) in precedence order; the markup is only searched if need be."""
    yield "json-ld", _people(ld.get("author"))
    for key in META_AUTHOR:
        yield f"meta:{key}", meta.get(key, [])
    for names in byline_markup(root, options):
        yield "markup", names


def plausible_author(name: str, not_names: Iterable[str | None], options: Options) -> bool:
    """A person's (or a desk's) name: not a URL, a CMS user id, a markup fragment, the
    site's own name, a software credit, or a name the page gives as its editor's.

    >>> from cleaners.options import Options
    >>> [plausible_author(n, ["网易", "张毅"], Options()) for n in
    ...  ["Jane Doe", "https://x.org/jane", "L_104485", 'size="20"', "网易", "青网新闻张毅"]]
    [True, False, False, False, False, False]
    """
    if not name or name.startswith(("http://", "https://", "/", "@")) or len(name) > MAX_NAME:
        return False
    if _NOT_A_NAME.search(name) or _DOMAIN.search(name) or not _LETTER.search(name):
        return False
    if _ID.fullmatch(name) or _COUNTER.search(name):
        return False
    folded = normalize_phrase(name)
    if options.phrases.search("not_author", folded) or options.phrases.search("post_time", folded):
        return False
    label = options.phrases.search("byline_label", folded)
    if label is not None and CJK_CHAR.search(label.group(0)):
        return False  # "■该作者文章": a link to the author's other articles
    for other in not_names:
        other_folded = normalize_phrase(other) if other else ""
        if other_folded and (other_folded in folded or folded in other_folded):
            return False
    return True


#: An author's name is short; a longer "name" is a sentence or a biography.
MAX_NAME = 80
_NOT_A_NAME = re.compile(r"[=<>\"{}《》“”。！？]")
_LETTER = re.compile(r"[^\W\d_]")
#: CMS user ids: digits, with at most two letters before them ("L_104485", "2909"); a
#: poster's "lucy2005" is a name.
_ID = re.compile(r"[A-Za-z]{0,2}[_-]?\d{3,}")
#: A bracketed or labelled run of digits is a counter, never part of a name ("人氣(23925)").
_COUNTER = re.compile(r"[(（:：]\s*\d{3,}")


def byline_markup(root: etree._Element, options: Options) -> list[list[str]]:
    """Names in the page's byline markup, found by structure: rel=author links, itemprop
    author, elements whose class or id says byline or author; one list per element,
    nearest the headline first (those soon after the <h1>; a list of columnists further
    down the page is another widget), comment authors and biographies left out."""
    heading = next(iter(root.iter("h1")), None)
    if heading is None:  # the first bylines of the page
        found = root.xpath(f"descendant::*[position() <= {BYLINE_REACH_WITHOUT_HEADING}]")
    else:  # document order after the headline; nearest first before it
        found = heading.xpath(f"following::*[position() <= {BYLINE_REACH}]")
        if not any(_is_byline(e) for e in found):
            found = heading.xpath(f"preceding::*[position() <= {BYLINE_REACH}]")[::-1]
    names = []
    for element in [e for e in found if _is_byline(e)][:MAX_BYLINE_ELEMENTS]:
        if text := _byline_text(element, options):
            names.append(split_authors(text))
    return names


#: How many elements after (or before) the <h1> its byline may stand, and how many byline
#: elements are tried.
BYLINE_REACH = 200
#: On a page without an <h1>, how many elements from its start are searched.
BYLINE_REACH_WITHOUT_HEADING = 3000
MAX_BYLINE_ELEMENTS = 5


def _is_byline(element: etree._Element) -> bool:
    words = " ".join((element.get("class") or "", element.get("id") or ""))
    rel, prop = (element.get("rel") or "").lower(), (element.get("itemprop") or "").lower()
    if element.tag in ("meta", "link", "input", "img", "script", "style", "body", "html"):
        return False
    declared = "author" in rel.split() or "author" in prop.split()
    if not declared and (not _BYLINE_CLASS.search(words) or _NOT_BYLINE_CLASS.search(words)):
        return False
    return not any(_in_comments(a) for a in element.iterancestors())


def _in_comments(element: etree._Element) -> bool:
    words = " ".join((element.get("class") or "", element.get("id") or "")).lower()
    return "comment" in words


def _byline_text(element: etree._Element, options: Options) -> str | None:
    """The name a byline element shows: its most specific inner byline (an itemprop name,
    a nested author link), without its label ("By", "Par", "文/") and trailing date."""
    for inner in element.iterdescendants():
        if not isinstance(inner.tag, str):
            continue
        named = (inner.get("itemprop") or "").lower() == "name" or _is_byline(inner)
        if named and (text := _text(inner)):
            return strip_byline(text, options)
    text = _text(element)
    return strip_byline(text, options) if text else None


def strip_byline(text: str, options: Options) -> str | None:
    """A byline's name: its label, dates, relative times and a job title after a comma
    taken off.

    >>> from cleaners.options import Options
    >>> strip_byline("By Daniel Kahn Gillmor, Senior Staff Technologist, ACLU", Options())
    'Daniel Kahn Gillmor'
    >>> strip_byline("Dan Goodin - Apr 16, 2015 8:02 pm UTC", Options())
    'Dan Goodin'
    >>> strip_byline("Par Sébastien Farcis", Options()), strip_byline("Jong, Michiel", Options())
    ('Sébastien Farcis', 'Jong, Michiel')
    """
    dates = find_dates(text)
    if dates:
        text = text[: dates[0].start]
    text = _RELATIVE_TAIL.sub("", text)
    if relative := RELATIVE.search(text):
        text = text[: relative.start()]
    text = _BYLINE_CUT.split(text, maxsplit=1)[0].strip(" ,;:-–—|•·")
    if editor := options.phrases.search("editor_credit", normalize_phrase(text)):
        text = text[: editor.start()] if editor.start() > 0 else text  # "... Edited by Jo"
    folded = normalize_phrase(text)
    label = options.phrases.search("byline_label", folded)
    if label is not None and label.start() == 0:
        text = text[len(text) - len(folded[label.end() :]) :].lstrip(" :：/")
    head, _, tail = text.partition(",")
    if tail and len(tail.split()) >= JOB_TITLE_WORDS:
        text = head
    text = text.strip(" ,;:-–—|•·")
    return text if 2 <= len(text) <= MAX_NAME else None


#: After a comma, this many words are a job title ("a deputy editor and author of ...").
JOB_TITLE_WORDS = 3
_BYLINE_CUT = re.compile(r"\s+[-–—|•·]\s+|\s*[»|]\s*|\s{2,}|\n")
_RELATIVE_TAIL = re.compile(
    r"\s*(?:\d{1,3}\s*(?:[smhdw]|mins?|hours?|days?|weeks?)\s*(?:ago)?|before|yesterday)\s*$", re.I
)


def split_authors(text: str) -> list[str]:
    """Several authors of one byline: "A and B", "A & B", "A; B", "张三、李四".

    >>> split_authors("Marta Kowal and Tomás Reyes"), split_authors("张三、李四")
    (['Marta Kowal', 'Tomás Reyes'], ['张三', '李四'])
    >>> split_authors("王之言 高孜然")  # Chinese names of two to four characters
    ['王之言', '高孜然']
    """
    names = [n.strip() for n in _AUTHORS_SPLIT.split(text) if n.strip()]
    return [part for n in names for part in (n.split() if _CJK_NAMES.fullmatch(n) else [n])]


_CJK_NAMES = re.compile(r"[\u4e00-\u9fff]{2,4}(?: [\u4e00-\u9fff]{2,4})+")
_AUTHORS_SPLIT = re.compile(r"\s+(?:and|und|et|y|e)\s+|\s*[、&;；]\s*")


def is_editor(name: str, text: str, options: Options) -> bool:
    """The page's text gives `name` (or, for a Chinese name, its last two or three
    characters: a CMS writes "青网新闻张毅" for the editor 张毅) right after an editor label
    ("责任编辑：张毅", "Edited by Jo Roe").

    >>> from cleaners.options import Options
    >>> is_editor("青网新闻张毅", "正文……（责任编辑：张毅）", Options())
    True
    >>> is_editor("张毅", "记者 张毅 报道", Options())
    False
    """
    pattern = options.phrases.patterns["editor_credit"]
    if pattern is None:
        return False
    if pattern.match(normalize_phrase(name)):
        return True  # "选稿：许文杰": the label came with the name
    names = {name}
    if _CJK_ONLY.fullmatch(name):
        names |= {name[-k:] for k in (2, 3) if len(name) > k}
    for candidate in names:
        at, seen = text.find(candidate), 0
        while at >= 0 and seen < MAX_NAME_OCCURRENCES:
            before = normalize_phrase(text[max(0, at - EDITOR_LABEL_CHARS) : at])
            label = pattern.search(before.rstrip(" :：/　[(（"))
            if label is not None and label.end() == len(before.rstrip(" :：/　[(（")):
                return True
            at, seen = text.find(candidate, at + 1), seen + 1
    return False


#: How far before a name its editor label may stand, and how many times a name is looked up.
EDITOR_LABEL_CHARS = 12
MAX_NAME_OCCURRENCES = 20
_CJK_ONLY = re.compile(r"[\u4e00-\u9fff]+")


# --- dates, language, canonical ----------------------------------------------------------


def _date_candidates(
    root: etree._Element, meta: dict[str, list[str]], ld: dict[str, Any], ld_key: str
) -> Candidates:
    published = ld_key == "datePublished"
    value = ld.get(ld_key)
    yield "json-ld", iso_date(value if isinstance(value, str) else None)
    for key in META_PUBLISHED if published else META_MODIFIED:
        yield f"meta:{key}", iso_date(_first(meta, (key,)))
    if published:
        yield "time", _time(root)


def iso_date(value: str | None) -> str | None:
    """A declared date as ISO 8601, keeping the zone it gives ("Z" becomes "+00:00").

    >>> iso_date("2019-11-19T10:07:00Z"), iso_date("2024-03-05 08:30"), iso_date("March 5, 2024")
    ('2019-11-19T10:07:00+00:00', '2024-03-05T08:30', '2024-03-05')
    >>> iso_date("20190806103251")
    '2019-08-06T10:32:51'
    """
    if not value:
        return None
    value = value.strip()
    if _COMPACT.fullmatch(value):
        v = value
        value = f"{v[:4]}-{v[4:6]}-{v[6:8]}" + (
            f"T{v[8:10]}:{v[10:12]}:{v[12:14]}" if v[8:] else ""
        )
    match = _ISO.match(value)
    if match is None:
        dates = find_dates(value)
        return dates[0].iso if dates else None
    day, clock, zone = match.groups()
    text = day + (f"T{clock}" if clock else "")
    if zone:
        zone = "+00:00" if zone == "Z" else zone if ":" in zone else f"{zone[:3]}:{zone[3:]}"
        text += zone if clock else ""
    return text


_COMPACT = re.compile(r"(?:19|20)\d{6}(?:\d{6})?")


def _time(root: etree._Element) -> str | None:
    """The first <time datetime> outside comments."""
    for element in root.iter("time"):
        if any(_in_comments(a) for a in element.iterancestors()):
            continue
        if iso := iso_date(element.get("datetime")):
            return iso
    return None


def _language_candidates(
    root: etree._Element, meta: dict[str, list[str]], ld: dict[str, Any]
) -> Candidates:
    yield (
        "html-lang",
        _clean(root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")),
    )
    for element in root.iter("meta"):
        if (element.get("http-equiv") or "").lower() == "content-language":
            yield "meta:content-language", _clean(element.get("content"))
    value = ld.get("inLanguage")
    yield "json-ld", value if isinstance(value, str) else None


def reconcile_language(declared: str | None, detected: str | None, text: str) -> str | None:
    """The declared language checked against the text: langdetect's answer where the two
    agree (it keeps the zh-cn / zh-tw split), the declared one where the text's script
    allows it and langdetect disagrees (it calls lorem ipsum Catalan), else langdetect's.

    >>> reconcile_language("en-US", "ca", "Lorem ipsum dolor sit amet")
    'en'
    >>> reconcile_language("zh-TW", "zh-cn", "中文"), reconcile_language("en", "zh-cn", "全是中文")
    ('zh-tw', 'zh-cn')
    """
    if not declared:
        return detected
    code = declared.lower().replace("_", "-")
    primary = code.split("-")[0]
    if not _LANG_CODE.fullmatch(primary):
        return detected
    if detected and detected.split("-")[0] == primary:
        return code if primary == "zh" and code in ("zh-cn", "zh-tw") else detected
    cjk = len(CJK_CHAR.findall(text[:LANGUAGE_SAMPLE]))
    cjk_language = primary in ("zh", "ja", "ko")
    if cjk_language != (cjk >= CJK_SHARE * max(1, len(text[:LANGUAGE_SAMPLE].split()))):
        return detected  # a template's lang="en" on a Chinese page
    if primary == "zh":
        return {"zh-hant": "zh-tw", "zh-hk": "zh-tw", "zh-tw": "zh-tw"}.get(code, "zh-cn")
    return primary


_LANG_CODE = re.compile(r"[a-z]{2,3}")
LANGUAGE_SAMPLE = 2000
#: CJK characters per whitespace-separated word that make a text CJK (CJK text has few
#: spaces, so even a mixed page has many characters per "word").
CJK_SHARE = 1.0


def _canonical(root: etree._Element) -> str | None:
    for element in root.iter("link"):
        if "canonical" in (element.get("rel") or "").lower().split() and element.get("href"):
            return str(element.get("href")).strip()
    return None
