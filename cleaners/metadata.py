"""Stage 4: read title, author, publication time and site off the blocks around the body.

Metadata sits in the page header just before the article (title row, byline, dateline,
forum header); lists and teasers hold other articles' titles and dates, so they are only
used to recover a title, and only when it matches the body.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from urllib.parse import urlsplit

from .blocks import Block
from .classify import Features
from .dates import RELATIVE, DateMatch, date_residue, find_dates, resolve_relative
from .options import Options, normalize_phrase
from .textutil import CJK_CHAR, LATIN_WORD, squeeze, units

#: How many blocks before the body count as its header.
HEADER_BLOCKS = 12
#: Score a title candidate needs: half its shingles in the body, or fewer where it stands
#: where titles stand.
MIN_TITLE_SCORE = 0.5
#: Preference given to a title where titles stand: a heading, or just above the body.
HEADING_BONUS = 0.25
POSITION_BONUS = 0.15
POST_TITLE_BONUS = 0.25
#: A candidate title with fewer shingles than this has its score scaled down.
MIN_TITLE_SHINGLES = 6
#: Blocks that are never the title: other articles' teasers, notices, meta rows.
NOT_TITLES = ("teaser", "notice", "share", "comments", "forum-header", "dateline", "markup")

_TRAILING_LABEL = re.compile(r"\s+[\[【][^\]】]{1,10}[\]】]$")
_BRACKETED = re.compile(r"[\[【]([^\[\]【】]{2,30})[\]】]")
#: One or two characters in brackets glued to a name: a thread's fold toggle ("[–]") or a
#: poster's badge ("[S]" for the submitter, "[M]").
_BADGE = re.compile(r"[\[【][^\[\]【】\s]{1,2}[\]】]")
_COPYRIGHT_SITE = re.compile(
    r"(?:copyright|©|\(c\))\s*(?:©\s*)?(?:(?:19|20)\d{2}\s*(?:[-–]\s*(?:19|20)?\d{2,4})?\s*)?"
    r"(?P<name>[A-Za-z\u4e00-\u9fff][\w .&'\-\u4e00-\u9fff]{1,40}?)"
    r"\s*(?:[.,;|]|all rights|版权所有|$)",
    re.IGNORECASE,
)
#: Company suffixes and years after a copyright holder's name: "Harbour Ledger Ltd 2024".
_COPYRIGHT_TAIL = re.compile(
    r"(?:\s+(?:ltd|limited|inc|llc|plc|gmbh|co|corp|(?:19|20)\d{2})\.?"
    r"|\s*(?:股份有限公司|有限责任公司|有限公司))+\s*$",
    re.I,
)
_SITE_BEFORE_RIGHTS = re.compile(r"(?P<name>[\w\u4e00-\u9fff .&\-]{2,30}?)\s*版权所有")
#: "版权所有 江苏扬子晚报有限公司": the holder after the notice (a company, or a name that
#: ends like a site's), not "版权所有 不得转载".
_SITE_AFTER_RIGHTS = re.compile(r"版权所有\s*[:：]?\s*(?P<name>[\w\u4e00-\u9fff.&\-]{2,30})")
_NAME_SPLIT = re.compile(
    r"\s*(?:[,，|｜;；/／【\[（()）·»•]|\s{2,}|\band\b(?=\s+(?:agencies|reuters|ap)\b))\s*"
)
#: Between two authors of one byline: "Marta Kowal and Tomás Reyes", "张三、李四".
_AUTHORS_SPLIT = re.compile(r"\s+and\s+|\s*[、&]\s*")


def shingles(text: str) -> set[str]:
    """Character bigrams for CJK text, lowercase words for Latin text.

    >>> sorted(shingles("辉达晶片 AI chips"))
    ['ai', 'chips', '晶片', '辉达', '达晶']
    """
    grams = {m.group(0).lower() for m in LATIN_WORD.finditer(text)}
    for run in re.finditer(f"(?:{CJK_CHAR.pattern})+", text):
        chars = run.group(0)
        grams.update(chars[i : i + 2] for i in range(len(chars) - 1))
    return grams


def strip_title_tags(title: str, options: Options) -> str:
    """Drop the repost / has-pictures tags forums append or prepend to a thread title, and a
    short bracketed control label left at its end ("[复制链接]", "[Permalink]")."""
    title = _TRAILING_LABEL.sub("", title)
    words = title.split()
    tags = set(options.phrases["title_tag"])
    folded = normalize_phrase(title)
    for tag in tags:  # a bracketed tag written against the headline: "...严重(图)"
        if tag[:1] in "([（【" and folded.endswith(tag) and len(folded) > len(tag):
            return strip_title_tags(title[: len(title) - len(tag)].rstrip(), options)
    while words and normalize_phrase(words[-1]) in tags:
        words.pop()
    while words and normalize_phrase(words[0]) in tags:
        words.pop(0)
    return " ".join(words) if words else title


def find_title(
    blocks: Sequence[Block],
    features: Sequence[Features],
    labels: Sequence[str | None],
    span: tuple[int, int],
    body_grams: set[str],
    options: Options,
) -> tuple[int, str] | None:
    """The block index and text of the title: the title-like line that best matches the body,
    preferring headings, lines of the page header and the line above a forum post's header.
    Teasers of other articles are not candidates; bare title lists are (a page's "latest"
    list often names the page itself)."""
    header = set(header_indices(span, labels))
    best: tuple[float, int, str] | None = None
    for i, (block, f) in enumerate(zip(blocks, features, strict=True)):
        if not _may_be_title(i, block, f, labels, span, header, options):
            continue
        text = strip_title_tags(block.text, options)
        grams = shingles(text)
        if len(grams) < 2:
            continue
        # Few shingles match by chance: damp short candidates ("回复", "Sign in").
        score = len(grams & body_grams) / len(grams) * min(1.0, len(grams) / MIN_TITLE_SHINGLES)
        if block.kind == "heading" and block.level <= 2:
            score += HEADING_BONUS
        if i in header:
            score += POSITION_BONUS
            if any(labels[j] == "forum-header" for j in range(i + 1, min(i + 3, len(labels)))):
                score += POST_TITLE_BONUS
        if score >= MIN_TITLE_SCORE and (best is None or score > best[0]):
            best = (score, i, text)
    return (best[1], best[2]) if best else None


def _may_be_title(
    i: int,
    block: Block,
    f: Features,
    labels: Sequence[str | None],
    span: tuple[int, int],
    header: set[int],
    options: Options,
) -> bool:
    if span[0] <= i < span[1] or labels[i] in NOT_TITLES or not 2 <= f.units <= 40:
        return False
    if labels[i] == "navigation" and block.kind != "heading" and i not in header:
        return False
    if f.ends_sentence and block.kind != "heading" and not block.text.endswith(("?", "？")):
        return False
    return not (f.dates or byline_value(block.text, options))


def headline_above(
    blocks: Sequence[Block],
    features: Sequence[Features],
    labels: Sequence[str | None],
    body: str,
    options: Options,
) -> str | None:
    """The headline among the last lines above an article: the nearest title-like line
    (no date, byline, menu or sentence, not a line of the article itself) that speaks of
    the article's opening."""
    body_grams = shingles(body)
    lines = {" ".join(p.split()) for p in body.split("\n\n")[:HEADLINE_LINES]}
    for i in range(len(blocks) - 1, max(-1, len(blocks) - HEADLINE_LINES - 1), -1):
        text = _headline_text(blocks[i], features[i], labels[i], options)
        if text is None or text in lines:
            continue  # not a headline, or the article's own first lines
        if _title_labelled(blocks[i].text, options):
            return text  # "主题：" says so, however little a question's words recur below
        grams = shingles(text)
        share = NEAREST_HEADLINE_OVERLAP if i == len(blocks) - 1 else HEADLINE_OVERLAP
        if len(grams) >= 2 and len(grams & body_grams) >= share * len(grams):
            return text
    return None


def _headline_text(block: Block, f: Features, rule: str | None, options: Options) -> str | None:
    """A line's text as a headline ("主题：" label, date and has-picture tag taken off), or
    None when the line cannot be one."""
    if (rule in NOT_TITLES and rule != "dateline") or rule == "navigation":
        return None  # a dateline may hold a headline beside its date: the residue decides
    if not 2 <= f.units <= 40:
        return None
    text = " ".join(date_residue(block.text).split()) if f.dates else block.text
    if not text or byline_value(text, options) or RELATIVE.search(text):
        return None  # a dateline, not a headline with its date beside it
    if rule == "dateline" and options.phrases.search("field_label", normalize_phrase(text)):
        return None  # "来源：新华网 2024-05-12": a meta row's fields
    if (f.ends_sentence and not text.endswith(("?", "？"))) or text.endswith(_RUNS_ON):
        return None  # a sentence, or a line that runs on into the next
    if "。" in text:
        return None  # a headline has no full stop inside it either
    label = options.phrases.search("title_label", normalize_phrase(text))
    if label is not None and label.start() == 0:
        text = text[len(text) - len(normalize_phrase(text)[label.end() :]) :].lstrip(" :：")
    return strip_title_tags(text, options) or None


def _title_labelled(text: str, options: Options) -> bool:
    """The line opens with a board's title label ("主题：", "Subject:")."""
    label = options.phrases.search("title_label", normalize_phrase(text))
    return label is not None and label.start() == 0


_RUNS_ON = (",", "，", ";", "；", "、", ":", "：")
#: Lines above an article searched for its headline, and the share of the headline's
#: shingles the article's opening must repeat (a headline summarises; a menu does not)...
HEADLINE_LINES = 6
HEADLINE_OVERLAP = 0.5
#: ... less for the line right above the article, where headlines stand.
NEAREST_HEADLINE_OVERLAP = 0.25


#: Rules that mark the end of the page header: above them lie other articles.
HEADER_STOPS = ("teaser", "list-heading", "widget", "comments")


def header_indices(span: tuple[int, int], labels: Sequence[str | None]) -> list[int]:
    """Blocks just above the body that may describe it, nearest first, up to the first
    teaser or widget (whose dates and names belong to other articles)."""
    found: list[int] = []
    for i in range(span[0] - 1, max(-1, span[0] - HEADER_BLOCKS - 1), -1):
        if labels[i] in HEADER_STOPS:
            break
        found.append(i)
    return found


def _registered(text: str, date: DateMatch, options: Options) -> bool:
    """The date follows a join-date label ("注册时间 2019-6-12", "Joined: Mar 2019")."""
    before = normalize_phrase(text[max(0, date.start - REGISTERED_LABEL_CHARS) : date.start])
    return options.phrases.search("registered", before) is not None


#: How far before a date its join-date label may stand.
REGISTERED_LABEL_CHARS = 12


def find_published(
    blocks: Sequence[Block],
    labels: Sequence[str | None],
    indices: Sequence[int],
    options: Options,
    now: datetime | None = None,
) -> tuple[int, str] | None:
    """The nearest date above the body, preferring date lines and post headers to dates
    that merely stand nearby (a poster's registration date, a weather widget). Relative
    times count only when the fetch time `now` is known."""
    ranked = sorted(indices, key=lambda i: labels[i] not in ("dateline", "forum-header"))
    for i in ranked:
        dates = [
            d for d in find_dates(blocks[i].text) if not _registered(blocks[i].text, d, options)
        ]
        if dates:
            return i, dates[0].iso
        if now is not None and (relative := resolve_relative(blocks[i].text, now)):
            return i, relative
    return None


def byline_value(text: str, options: Options) -> str | None:
    """The name after an author label, wherever it stands in a meta row.

    >>> from cleaners.options import Options
    >>> byline_value("By Jane Doe, Reuters", Options())
    'Jane Doe'
    >>> byline_value("记者 张三 通讯员 李四", Options())
    '张三'
    >>> byline_value("2025年12月13日 12:40 来源：临江日报 作者：沈立群 责任编辑：赵一鸣", Options())
    '沈立群'
    >>> byline_value("記者林怡君／青溪報導 2024/03/06 14:20", Options())
    '林怡君'
    """
    folded = normalize_phrase(text)
    if len(folded) > BYLINE_ROW_CHARS:
        return None  # a paragraph that mentions a reporter is no byline
    buttons = options.phrases.patterns["forum_header"]
    if buttons is not None:  # "只看该作者" is a button, not an author label
        folded = buttons.sub(lambda m: _blank_button(m, options), folded)
    match = _byline_label(folded, options)
    if match is None:
        return None
    rest = folded[match.end() :].lstrip(" :：/　|｜—-")
    stop = options.phrases.search("field_label", rest)
    rest = rest[: stop.start()] if stop else rest
    rest = _CLOCK.split(rest, maxsplit=1)[0]  # "Jo Roe at 12:55 AM"
    name = _NAME_SPLIT.split(rest.strip(), maxsplit=1)[0].strip()
    if CJK_CHAR.search(name) and units(name) > MAX_CJK_NAME_UNITS:
        name = name.split(" ")[0]
    names = [_original_case(text, squeeze(n)) for n in _AUTHORS_SPLIT.split(name) if n.strip()]
    return "; ".join(names) or None


_CLOCK = re.compile(r"\s+(?:at|on|@)\s+\d|\s+\d{1,2}[:：]\d{2}")


def _blank_button(match: re.Match[str], options: Options) -> str:
    """A forum button blanked out, unless it is also a byline label ("Posted by")."""
    label = options.phrases.patterns["byline_label"]
    if label is not None and label.fullmatch(match.group(0)):
        return match.group(0)
    return " " * len(match.group(0))


#: A byline row is short; a label inside a long text is part of a sentence.
BYLINE_ROW_CHARS = 120


def _byline_label(folded: str, options: Options) -> re.Match[str] | None:
    """The row's author label: a Chinese or Japanese one anywhere in a meta row; a Latin
    one ("By", "Par", "Von") only where a byline starts (the row's head, or after a
    separator or a date) and followed by a capitalised name, never a credit that ends
    in one ("Photo by", "Reviewed by") nor a sentence ("a siege by gunmen.")."""
    pattern = options.phrases.patterns["byline_label"]
    if pattern is None:
        return None
    for match in pattern.finditer(folded):
        credit = options.phrases.search("credit_label", folded[: match.end()])
        if credit is not None and credit.end() == match.end():
            continue
        if CJK_CHAR.search(match.group(0)):
            return match
        before = date_residue(folded[: match.start()]).strip()
        if before and not before.endswith(_BYLINE_STARTS):
            continue
        rest = folded[match.end() :].lstrip(" :：/")
        if rest[:1].isalpha() and not _SENTENCE_END.search(rest):
            return match
    return None


#: Characters after which a byline may start inside a meta row ("Updated | By Jo Roe").
_BYLINE_STARTS = ("|", "·", "•", "-", "–", "—", ",", ";", ":", ")", "]")
#: A name is no sentence: no word ends in a full stop, except initials ("Nelson D.").
_SENTENCE_END = re.compile(r"[a-z]{3,}[.!?]\s*$|[a-z]{3,}[.!?]\s+[a-z]")
#: A Chinese byline names one or two people: up to four characters each.
MAX_CJK_NAME_UNITS = 4.0


def _original_case(text: str, folded_name: str) -> str:
    """`folded_name` as it is written in `text` (phrase matching folds case and width)."""
    if not folded_name:
        return ""
    at = text.casefold().find(folded_name)
    return text[at : at + len(folded_name)] if at >= 0 else folded_name


def find_author(
    blocks: Sequence[Block], labels: Sequence[str | None], indices: Sequence[int], options: Options
) -> tuple[int, str] | None:
    """A labelled byline ('作者:', 'By') above the body, else the poster named at the head
    of a forum post's header row."""
    for i in indices:
        if units(blocks[i].text) > 20:
            continue
        name = byline_value(blocks[i].text, options)
        if name:
            return i, name
    for i in indices:
        text = blocks[i].text
        header = labels[i] == "forum-header" or _is_post_row(text, options)
        if header and (name := poster(text, options)):
            return i, name
    return None


def _is_post_row(text: str, options: Options) -> bool:
    """A short row with a post-time label and a date: "ggjjzhzz 发表于 2005-9-15 11:46"."""
    if len(text) > BYLINE_ROW_CHARS // 2:
        return False
    return bool(options.phrases.search("post_time", normalize_phrase(text)) and find_dates(text))


def credited_author(lines: Sequence[str], options: Options) -> str | None:
    """An author credited in an article's first or last lines: a short labelled row
    ("文/栗思", "□ 本报记者 葛灵丹", "作者 王之言 高孜然") or the reporters a lead's opening
    bracket names ("新华社深圳5月12日电（记者戴小河、印朋）...").

    >>> from cleaners.options import Options
    >>> credited_author(["新华社深圳5月12日电（记者戴小河、印朋）由我国自主设计..."], Options())
    '戴小河; 印朋'
    """
    for line in lines:
        pieces = [m.group(1) for m in _LEAD_BRACKET.finditer(line[:LEAD_BRACKET_CHARS])]
        if len(line) <= CREDIT_ROW_CHARS:
            pieces.append(line)
        for piece in pieces:
            if name := byline_value(piece, options):
                return name
        if name := posted_by(line, options):
            return name
    return None


def posted_by(text: str, options: Options) -> str | None:
    """The poster a blog's "由<name>张贴 @ <time>" row opens with.

    >>> from cleaners.options import Options
    >>> posted_by("由海姑娘张贴 @ 2005-06-14 03:25:55 (370) 共 11 篇评论", Options())
    '海姑娘'
    """
    match = _POSTED_BY.match(text)
    if match is None or len(text) > BYLINE_ROW_CHARS or not find_dates(text):
        return None  # a post's footer row is short and dated; "由于..." opens a sentence
    rest = normalize_phrase(text[match.end() : match.end() + MAX_POSTER_CHARS + 4])
    verb = options.phrases.search("posted_suffix", rest)
    if verb is None or not MIN_NAME_CHARS <= verb.start() <= MAX_POSTER_CHARS:
        return None
    return text[match.end() : match.end() + verb.start()].strip() or None


_POSTED_BY = re.compile(r"\s*由(?!于|於)\s*")
#: A poster's name in a "由...张贴" row is at most this long.
MAX_POSTER_CHARS = 16


#: A credit row is short; in a longer line only an opening bracket near its head counts.
CREDIT_ROW_CHARS = 40
LEAD_BRACKET_CHARS = 60
_LEAD_BRACKET = re.compile(r"[（(]([^（()）]{2,40})[）)]")


def post_time(lines: Sequence[str], options: Options) -> str | None:
    """The time a post-time label gives in an article's closing lines ("发表于2005年09月07日
    11:57 AM", "Posted on March 5, 2024")."""
    for line in lines:
        if len(line) > CREDIT_ROW_CHARS * 3:
            continue
        folded = normalize_phrase(line)
        if options.phrases.search("post_time", folded) and (dates := find_dates(line)):
            return dates[0].iso
    return None


def poster(text: str, options: Options) -> str | None:
    """The poster named in a post's header row: what is left once floor numbers, dates,
    counters and the board's labels are taken out, up to the first space.

    >>> from cleaners.options import Options
    >>> poster("老城小猫 楼主 发表于 2024-3-5 08:30:12 只看该作者", Options())
    '老城小猫'
    >>> poster("2楼 沙发 sunny爸爸 发表于 2024-03-05 21:25", Options())
    'sunny爸爸'
    >>> poster("楼主:晴天的妈妈", Options())
    '晴天的妈妈'
    >>> poster("Posted by stovetop_sam on 03-05-2024", Options())
    'stovetop_sam'
    >>> poster("[–]slushpuppy_rides[S] 300 points 1 day ago", Options())
    'slushpuppy_rides'
    >>> poster("作者：蓉城老租客 时间：2026-11-18 21:03:52", Options())
    '蓉城老租客'
    """
    # [board] is no name, nor a toggle or a badge glued to it
    rest = _BADGE.sub(" ", _BRACKETED.sub(" ", RELATIVE.sub(" ", date_residue(text))))
    rest = " ".join(rest.split())
    for key in ("forum_header", "post_time", "byline_label"):  # "作者：name 时间：…"
        pattern = options.phrases.patterns[key]
        if pattern is not None:
            rest = _cut_phrases(rest, pattern)
    for token in _TOKEN_SPLIT.split(_FLOOR.sub(" ", rest)):
        token = token.strip(" :：|·#»,，()（）")
        if len(token) >= MIN_NAME_CHARS and units(token) <= 8 and not token.isdigit():
            return token
    return None


#: A poster's name has at least two characters ("于", "by" and stray letters are not names).
MIN_NAME_CHARS = 2


def _cut_phrases(piece: str, pattern: re.Pattern[str]) -> str:
    """`piece` without the forum labels in it (matched case- and width-insensitively;
    where folding changes the length, piece by piece)."""
    folded = normalize_phrase(piece)
    if len(folded) != len(piece):
        if " " in piece:
            return " ".join(_cut_phrases(part, pattern) for part in piece.split(" "))
        return piece if pattern.search(folded) is None else ""
    kept, last = [], 0
    for match in pattern.finditer(folded):
        kept.append(piece[last : match.start()])
        last = match.end()
    kept.append(piece[last:])
    return " ".join(kept)


#: Floor numbers and their names: "2楼", "#3", "5#", "12F", "沙发".
_FLOOR = re.compile(r"(?:^|\s)(?:#\s*\d+|\d+\s*(?:楼|樓|#|F|f|L))(?=\s|$|[:：])")
_TOKEN_SPLIT = re.compile(r"\s+|\|")


def find_site(
    blocks: Sequence[Block],
    labels: Sequence[str | None],
    url: str | None,
    options: Options,
) -> str | None:
    """The site or forum: a bracketed board name in a forum header, the holder named in a
    copyright notice (not the forum software's vendor), or the host of the URL."""
    for block, rule in zip(blocks, labels, strict=True):
        if rule == "forum-header" and (m := _BRACKETED.search(block.text)):
            board = normalize_phrase(m.group(1))
            if not (options.phrases.search("field_label", board) or _is_control(board, options)):
                return m.group(1).strip()  # not a "[点击此处收藏本文]" button
    for block, rule in zip(blocks, labels, strict=True):
        if rule != "notice":
            continue
        if m := (
            _COPYRIGHT_SITE.search(block.text)
            or _SITE_BEFORE_RIGHTS.search(block.text)
            or _holder_after_rights(block.text, options)
        ):
            name = _COPYRIGHT_TAIL.sub("", m.group("name")).strip(" .-")
            if units(name) < 1 or name.lower().startswith(("all rights", "本")):
                continue
            if not options.phrases.search("not_author", normalize_phrase(name)):
                return name
    if url:
        host = urlsplit(url).hostname
        return host.removeprefix("www.") if host else None
    return None


def ends_like_site(folded: str, options: Options) -> bool:
    """`folded` (see `normalize_phrase`) ends in a site name's ending, after something
    ("Post" alone is a word, "Washington Post" a name)."""
    pattern = options.phrases.patterns["site_suffix"]
    if pattern is None:
        return False
    return any(m.start() > 0 and m.end() == len(folded) for m in pattern.finditer(folded))


def _is_control(text: str, options: Options) -> bool:
    return bool(options.phrases.search("share", text) or options.phrases.search("more", text))


def _holder_after_rights(text: str, options: Options) -> re.Match[str] | None:
    match = _SITE_AFTER_RIGHTS.search(text)
    if match is None:
        return None
    name = _COPYRIGHT_TAIL.sub("", match.group("name"))
    company = name != match.group("name")
    return match if company or ends_like_site(normalize_phrase(name), options) else None
