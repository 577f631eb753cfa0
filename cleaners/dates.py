"""Find publication dates written in Chinese or English, or with a month's name in French,
German, Spanish, Italian or Portuguese, and render them as ISO 8601.

Only absolute dates are read; a date without a zone stays local time as written (no
guessing of the site's zone). Relative dates ("3小时前") need a fetch time and belong to the
HTML entry point.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import datetime

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}
_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
#: Month names of the other languages of the phrase lists, written after the day ("22 de
#: janeiro de 2018", "22. Januar 2018", "22 janvier 2018"), each with its number.
OTHER_MONTHS = {
    "fr": ("janvier", "février|fevrier", "mars", "avril", "mai", "juin", "juillet",
           "août|aout", "septembre", "octobre", "novembre", "décembre|decembre"),
    "de": ("januar|jänner", "februar", "märz|maerz", "april", "mai", "juni", "juli",
           "august", "september", "oktober", "november", "dezember"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre|setiembre", "octubre", "noviembre", "diciembre"),
    "it": ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
           "settembre", "ottobre", "novembre", "dicembre"),
    "pt": ("janeiro", "fevereiro", "março|marco", "abril", "maio", "junho", "julho", "agosto",
           "setembro", "outubro", "novembro", "dezembro"),
}  # fmt: skip
_DAY_MONTHS = dict(_MONTHS)
for _names in OTHER_MONTHS.values():
    for _number, _alternatives in enumerate(_names, 1):
        _DAY_MONTHS.update(dict.fromkeys(_alternatives.split("|"), _number))
_DAY_MONTH = (
    r"(?P<mon>"
    + "|".join(sorted((re.escape(m) for m in _DAY_MONTHS), key=len, reverse=True))
    + r")\.?"
)
_CLOCK = (
    r"(?:[\sT,]*(?:(?:at|às|à|um|alle|a\s+las)\s+)?(?P<h>\d{1,2})[:：时](?P<mi>\d{2})(?:[:：分](?P<s>\d{2})秒?)?"
    r"(?:\s*(?P<ampm>[ap]\.?m\.?))?"
    r"(?:\s*(?P<tz>Z|UTC|GMT|[+-]\d{2}:?\d{2}|(?:UTC|GMT)[+-]\d{1,2}(?::?\d{2})?))?)"
)
#: A date's clock time, which most patterns may do without.
_TIME = _CLOCK + "?"
_NUMERIC = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*(?:[-/.]|年)\s*(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*(?P<d>\d{1,2})(?!\d)日?"
    + _TIME,
    re.IGNORECASE,
)
_MONTH_FIRST = re.compile(
    # The lookahead is implied by _MONTH; it lets the scan skip most positions at once.
    r"(?=[adfjmnos])"
    + _MONTH
    + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d{2})(?!\d)"
    + _TIME,
    re.IGNORECASE,
)
_DAY_FIRST = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})(?:st|nd|rd|th|\.|º)?\s+(?:de\s+)?"
    + _DAY_MONTH
    + r",?\s+(?:de\s+)?(?P<y>(?:19|20)\d{2})(?!\d)"
    + _TIME,
    re.IGNORECASE,
)
#: Numeric dates with the year last: month first as in the US ("03-05-2024, 08:30 AM", forum
#: software's default), day first when the first number cannot be a month or the separator
#: is a dot ("05.03.2024", the European form).
_YEAR_LAST = re.compile(
    r"(?<![\d/.-])(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d{2})(?![\d/.-])"
    + _TIME,
    re.IGNORECASE,
)
#: The same with a two-digit year, where a clock time follows: a forum's post stamp
#: ("03/12/15 03:28 PM", UBB.threads' and vBulletin's short form). Without the clock, two
#: numbers and a year are as likely a fraction, a score or a version.
_SHORT_YEAR_LAST = re.compile(
    r"(?<![\d/.-])(?P<a>\d{1,2})(?P<sep>[-/.])(?P<b>\d{1,2})(?P=sep)(?P<yy>\d{2})(?![\d/.-])"
    + _CLOCK,
    re.IGNORECASE,
)
_PATTERNS = (_NUMERIC, _MONTH_FIRST, _DAY_FIRST, _YEAR_LAST, _SHORT_YEAR_LAST)
_YEAR = re.compile(r"(?:19|20)\d\d")
#: What a short-year stamp needs: two digits, a separator and two digits, then a clock.
_SHORT_YEAR = re.compile(r"\d[-/.]\d{2}\D{1,8}\d{1,2}[:：]\d{2}")


@dataclass(frozen=True, slots=True)
class DateMatch:
    start: int
    end: int
    iso: str


def _zone(tz: str | None) -> str:
    if not tz:
        return ""
    tz = tz.upper()
    if tz in ("Z", "UTC", "GMT"):
        return "+00:00"
    sign_at = max(tz.find("+"), tz.find("-"))
    digits = tz[sign_at + 1 :].replace(":", "")
    hours, minutes = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "00")
    return f"{tz[sign_at]}{int(hours):02d}:{minutes}"


def _iso(match: re.Match[str]) -> str | None:
    g = match.groupdict()
    if g.get("a"):
        first, second = int(g["a"]), int(g["b"])
        day_first = g["sep"] == "." or first > 12
        g["m"], g["d"] = (str(second), str(first)) if day_first else (str(first), str(second))
    month = int(g["m"]) if g.get("m") else _DAY_MONTHS[g["mon"].lower().rstrip(".")]
    year = int(g["y"]) if g.get("y") else _century(int(g["yy"]))
    try:
        day = datetime(year, month, int(g["d"]))
    except ValueError:
        return None
    if g["h"] is None:
        return day.date().isoformat()
    hour, minute, second = int(g["h"]), int(g["mi"]), int(g["s"] or 0)
    ampm = (g["ampm"] or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return day.date().isoformat()
    stamp = day.replace(hour=hour, minute=minute, second=second)
    text = stamp.isoformat() if g["s"] else stamp.isoformat(timespec="minutes")
    return text + _zone(g["tz"])


def _century(yy: int) -> int:
    """A two-digit year's full year, as POSIX `strptime` reads %y: 69-99 are 19xx."""
    return (1900 if yy >= CENTURY_PIVOT else 2000) + yy


CENTURY_PIVOT = 69


def find_dates(text: str) -> list[DateMatch]:
    """Every absolute date in `text`, left to right.

    >>> [d.iso for d in find_dates("送交者: 2025年12月13日12:40:11 于 [论坛]")]
    ['2025-12-13T12:40:11']
    >>> [d.iso for d in find_dates("Updated March 5, 2024 2:05 p.m. GMT")]
    ['2024-03-05T14:05+00:00']
    >>> [d.iso for d in find_dates("5 Mar 2024, and 2024-02-30")]
    ['2024-03-05']
    >>> [d.iso for d in find_dates("03-05-2024, 08:30 AM #1 / 25.12.2023")]
    ['2024-03-05T08:30', '2023-12-25']
    >>> [d.iso for d in find_dates("Lori-Dreams #888395 03/12/15 04:39 PM, not 1/2/15")]
    ['2015-03-12T16:39']
    """
    found: list[DateMatch] = []
    if not _YEAR.search(text) and not _SHORT_YEAR.search(text):
        return found  # every pattern needs a year; most blocks have none
    for pattern in _PATTERNS:
        # An earlier pattern's date wins where two overlap. The dates found so far are
        # sorted and disjoint, so one bisection finds the only one a match could overlap.
        starts = [f.start for f in found]
        new: list[DateMatch] = []
        for match in pattern.finditer(text):
            iso = _iso(match)
            if iso is None:
                continue
            before = bisect.bisect_left(starts, match.end()) - 1
            if before >= 0 and found[before].end > match.start():
                continue
            new.append(DateMatch(match.start(), match.end(), iso))
        if new:
            found = sorted([*found, *new], key=_start)
    return found


#: A month, day and clock with no year ("08-11 16:58", "5月20日 12:30"): how boards and
#: portals stamp this year's posts in their lists.
_YEARLESS_STAMP = re.compile(
    r"(?<![\d./:年-])(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])|(?:0?[1-9]|1[0-2])月(?:0?[1-9]|[12]\d|3[01])日?)"
    r"\s*(?:[01]?\d|2[0-3])[:：][0-5]\d(?![\d:：])"
)


def count_stamps(text: str, dates: list[DateMatch]) -> int:
    """How many times of a day the text holds: its dates (`find_dates(text)`) that give a
    clock, and stamps with no year.

    >>> text = "Rain again【Ann】08-11 16:58 [140/0] Me too【Bo】2024-08-11 17:03 [127/1]"
    >>> count_stamps(text, find_dates(text))
    2
    """
    clocks = sum("T" in d.iso for d in dates)
    if ":" in text or "：" in text:
        clocks += len(_YEARLESS_STAMP.findall(text))
    return clocks


def _start(date: DateMatch) -> int:
    return date.start


def date_residue(text: str, dates: list[DateMatch] | None = None) -> str:
    """What is left of `text` once its dates (`find_dates(text)`, unless given) are cut out:
    labels, separators, names."""
    pieces, last = [], 0
    for d in find_dates(text) if dates is None else dates:
        pieces.append(text[last : d.start])
        last = d.end
    pieces.append(text[last:])
    return "".join(pieces)


#: Relative times that list items and comments carry ("3 hours ago", "32M ago", "3小时前").
#: They mark a line as a date line; without a fetch time they give no date.
RELATIVE = re.compile(
    r"(?<![\w])\d{1,3}\s*(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?"
    r"|mos?|months?|y|yrs?|years?)\s+ago\b"
    r"|\b(?:yesterday|just now|today)\b"
    r"|\d{1,3}\s*(?:秒|分钟|分鐘|小时|小時|天|周|週|星期|个月|個月|年)前|昨天|前天|刚刚|剛剛",
    re.IGNORECASE,
)


def relative_residue(text: str) -> str | None:
    """`text` without its relative time, or None when it holds none.

    >>> relative_residue("2 days ago at 07:52 am")
    ' at 07:52 am'
    >>> relative_residue("发表于 3 天前")
    '发表于 '
    """
    if not _RELATIVE_HINT.search(text):
        return None  # every relative time has a number or one of a few words
    match = RELATIVE.search(text)
    return None if match is None else text[: match.start()] + text[match.end() :]


_RELATIVE_HINT = re.compile(r"[\d昨前刚剛]|yesterday|just now|today", re.IGNORECASE)


_RELATIVE_AMOUNT = re.compile(
    r"(?P<n>\d{1,3})\s*(?P<unit>s|secs?|seconds?|秒|m|mins?|minutes?|分钟|分鐘|h|hrs?|hours?|小时|小時"
    r"|d|days?|天|w|wks?|weeks?|周|週|星期)\s*(?:ago|前)",
    re.IGNORECASE,
)
_UNIT_SECONDS = {
    "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1, "秒": 1,
    "m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60, "分钟": 60, "分鐘": 60,
    "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600, "小时": 3600, "小時": 3600,
    "d": 86400, "day": 86400, "days": 86400, "天": 86400,
    "w": 604800, "wk": 604800, "wks": 604800, "week": 604800, "weeks": 604800,
    "周": 604800, "週": 604800, "星期": 604800,
}  # fmt: skip


def resolve_relative(text: str, now: datetime) -> str | None:
    """A relative time ("3小时前", "2 days ago", "昨天 12:30") counted back from `now`,
    to the precision the text gives (a day for "2 days ago", the minute for "3小时前").

    >>> now = datetime(2024, 3, 8, 12, 0)
    >>> resolve_relative("发表于 3小时前", now), resolve_relative("2 days ago", now)
    ('2024-03-08T09:00', '2024-03-06')
    >>> resolve_relative("昨天 12:30", now)
    '2024-03-07T12:30'
    """
    from datetime import timedelta

    zone = now.strftime("%z")
    zone = f"{zone[:3]}:{zone[3:]}" if zone else ""
    if match := _RELATIVE_AMOUNT.search(text):
        seconds = int(match.group("n")) * _UNIT_SECONDS[match.group("unit").lower()]
        then = now - timedelta(seconds=seconds)
        if seconds >= 86400:
            return then.date().isoformat()
        return then.replace(second=0, microsecond=0).isoformat(timespec="minutes")[:16] + zone
    for word, days in (("前天", 2), ("昨天", 1), ("yesterday", 1), ("今天", 0), ("today", 0)):
        if word in text.lower():
            day = (now - timedelta(days=days)).date()
            clock = re.search(r"(\d{1,2})[:：](\d{2})", text)
            if clock and int(clock.group(1)) < 24 and int(clock.group(2)) < 60:
                return f"{day.isoformat()}T{int(clock.group(1)):02d}:{clock.group(2)}{zone}"
            return day.isoformat()
    return None


#: A date in a URL's path: /2016-05-25/, /20240515/, /2005/07/18/, t20240520_ (the
#: year first, 19xx or 20xx, between path separators).
_URL_DATE = re.compile(
    r"(?:^|[/_t-])(?P<y>(?:19|20)\d{2})(?P<sep>[-/_]?)(?P<m>\d{2})(?P=sep)(?P<d>\d{2})(?=[/_.-]|$)"
)


def date_from_url(url: str) -> str | None:
    """The day a URL's path gives, the way news sites file their articles.

    >>> date_from_url("https://www.1905.com/news/20240520/1676288.shtml")
    '2024-05-20'
    >>> date_from_url("http://finance.sina.com.cn/money/forex/2016-05-25/doc-ifxsktkp9.shtml")
    '2016-05-25'
    >>> date_from_url("http://auto.qianlong.com/36/2005/07/18/1680@2723871.htm")
    '2005-07-18'
    >>> date_from_url("https://news.youth.cn/gj/202405/t20240520_15263156.htm")
    '2024-05-20'
    >>> date_from_url("https://example.com/item/20241399/"), date_from_url("https://x.org/a/12345678")
    (None, None)
    """
    from urllib.parse import urlsplit

    path = urlsplit(url).path
    for match in _URL_DATE.finditer(path):
        try:
            day = datetime(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            continue
        return day.date().isoformat()
    return None
