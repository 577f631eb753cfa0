"""Metadata an HTML page states about itself: meta tags, JSON-LD, <title>, canonical link.

What the page declares is preferred to what the text stage reads off visible lines; only
what is missing here is taken from there.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from lxml import etree

from .dates import find_dates
from .options import Options, normalize_phrase

#: Meta tags by what they give, most specific first (Open Graph, article:*, Dublin Core,
#: Chinese CMS conventions such as <meta name="publishdate">).
META_TITLE = ("og:title", "twitter:title", "dc.title", "headline")
META_AUTHOR = ("author", "article:author", "dc.creator", "byl", "sailthru.author")
META_PUBLISHED = (
    "article:published_time", "datepublished", "pubdate", "publishdate", "publish_date",
    "dc.date", "dc.date.issued", "date", "sailthru.date", "og:published_time",
)  # fmt: skip
META_SITE = ("og:site_name", "application-name", "twitter:site")
_JSONLD_ARTICLES = re.compile(r"article|posting|report|blog|news|discussion", re.IGNORECASE)
_ISO = re.compile(
    r"^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?"
)


@dataclass(frozen=True, slots=True)
class PageMeta:
    title: str | None = None
    author: str | None = None
    published: str | None = None
    site: str | None = None
    canonical_url: str | None = None
    #: The page says it is one article (JSON-LD NewsArticle/BlogPosting, og:type article),
    #: not a thread of posts (DiscussionForumPosting) nor a listing.
    single_article: bool = False


def page_meta(root: etree._Element, options: Options) -> PageMeta:
    """Everything the page declares, JSON-LD first (it is the most precise), then meta tags."""
    meta = _meta_tags(root)
    ld = _jsonld_article(root)
    return PageMeta(
        title=_clean(ld.get("headline")) or _first(meta, META_TITLE) or _title_tag(root),
        author=_name(_person(ld.get("author")) or _first(meta, META_AUTHOR), options),
        published=_iso(ld.get("datePublished"))
        or _iso(_first(meta, META_PUBLISHED))
        or _time(root),
        site=_person(ld.get("publisher")) or _first(meta, META_SITE) or _title_site(root, options),
        canonical_url=_canonical(root) or meta.get("og:url"),
        single_article=_single_article(ld, meta),
    )


def _single_article(ld: dict[str, Any], meta: dict[str, str]) -> bool:
    kind = ld.get("@type")
    kinds = [k for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str)]
    if any(_THREAD_TYPES.search(k) for k in kinds):
        return False
    return bool(kinds) or meta.get("og:type", "").lower() == "article"


#: JSON-LD types of forum threads and comment pages: they hold many posts.
_THREAD_TYPES = re.compile(r"discussion|forum|comment|qapage|question", re.IGNORECASE)


def _name(value: str | None, options: Options) -> str | None:
    """An author name, not a profile URL nor the CMS or forum software's credit."""
    if not value or value.startswith(("http://", "https://", "/")):
        return None
    if options.phrases.search("not_author", normalize_phrase(value)):
        return None
    return value


def _meta_tags(root: etree._Element) -> dict[str, str]:
    found: dict[str, str] = {}
    for element in root.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop") or ""
        value = element.get("content")
        if key and value and value.strip():
            found.setdefault(key.strip().lower(), value.strip())
    return found


def _first(meta: dict[str, str], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        if meta.get(key):
            return meta[key]
    return None


def _jsonld_article(root: etree._Element) -> dict[str, Any]:
    """The first JSON-LD object that describes an article or post (graphs searched too)."""
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue  # broken JSON-LD is common; the page's other metadata still counts
        for item in _walk(data):
            kind = item.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(isinstance(k, str) and _JSONLD_ARTICLES.search(k) for k in kinds):
                return item
    return {}


def _walk(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [item for element in data for item in _walk(element)]
    if isinstance(data, dict):
        return [data, *_walk(data.get("@graph", []))]
    return []


def _person(value: Any) -> str | None:
    """A name from JSON-LD's author/publisher: a string, an object, or a list of either."""
    if isinstance(value, list):
        names = [n for n in (_person(v) for v in value) if n]
        return "; ".join(names) if names else None
    if isinstance(value, dict):
        return _clean(value.get("name"))
    return _clean(value)


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text or None


def _iso(value: str | None) -> str | None:
    """A declared date as ISO 8601, keeping the zone it gives ("Z" becomes "+00:00").

    >>> _iso("2019-11-19T10:07:00Z"), _iso("2024-03-05 08:30"), _iso("March 5, 2024")
    ('2019-11-19T10:07:00+00:00', '2024-03-05T08:30', '2024-03-05')
    """
    if not value:
        return None
    value = value.strip()
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


def _time(root: etree._Element) -> str | None:
    for element in root.iter("time"):
        if iso := _iso(element.get("datetime")):
            return iso
    return None


def _title_tag(root: etree._Element) -> str | None:
    """The <title>, without the site name pages append ("Headline | Site", "标题_新闻_网站").

    >>> from lxml import html
    >>> _title_tag(html.fromstring("<title>Bridge opens after decade | Example Gazette</title>"))
    'Bridge opens after decade'
    """
    for element in root.iter("title"):
        title = _clean("".join(element.itertext()))
        if title is None:
            return None
        for level in ("h1", "h2"):
            for heading in root.iter(level):
                text = _clean("".join(heading.itertext()))
                if text and len(text) >= HEADING_SHARE * len(title) and text in title:
                    return text  # the headline the <title> wraps in site names
        parts = [p.strip() for p in _TITLE_SEPARATORS.split(title) if p.strip()]
        return max(parts, key=len) if parts else title
    return None


def _title_site(root: etree._Element, options: Options) -> str | None:
    """The site's name as the <title> gives it after the headline ("Headline - Site",
    "标题_频道_网站"): its last part, unless that part credits the software.

    >>> from lxml import html
    >>> from cleaners.options import Options
    >>> _title_site(html.fromstring("<title>老楼出新电梯_东城新闻_临江新闻网</title>"), Options())
    '临江新闻网'
    """
    for element in root.iter("title"):
        title = _clean("".join(element.itertext()))
        parts = [p.strip() for p in _TITLE_SEPARATORS.split(title or "") if p.strip()]
        if len(parts) < 2:
            return None
        headline = max(parts, key=len)
        for part in reversed(parts):
            if part != headline and not options.phrases.search(
                "not_author", normalize_phrase(part)
            ):
                return part if len(part) <= MAX_SITE_CHARS else None
        return None
    return None


#: A site name is short; a long <title> part is a second headline.
MAX_SITE_CHARS = 30
#: A heading found inside the <title> is its headline when it covers this much of it
#: (a site's logo heading is much shorter than a headline-plus-site-name <title>).
HEADING_SHARE = 0.4


_TITLE_SEPARATORS = re.compile(
    r"\s+[|\-–—»·]\s+|\s*[|_｜]\s*|——|--|(?<=[^\x00-\x7f])-(?=[^\x00-\x7f])"
)


def _canonical(root: etree._Element) -> str | None:
    for element in root.iter("link"):
        if "canonical" in (element.get("rel") or "").lower().split() and element.get("href"):
            return str(element.get("href")).strip()
    return None
