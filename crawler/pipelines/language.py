"""Keep only pages in the languages asked for (`LANGUAGE_ALLOWED`), after cleaning.

`zh` allows every Chinese code langdetect gives (`zh-cn`, `zh-tw`); `zh-cn` only that one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from scrapy.exceptions import NotConfigured

from ..drops import drop

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

    from ..items import PageItem

COMPONENT = "language"


def allowed(language: str, languages: tuple[str, ...]) -> bool:
    """True when `language` is one of `languages` or a variant of one.

    >>> allowed("zh-tw", ("zh",)), allowed("zh-tw", ("zh-cn",)), allowed("en", ())
    (True, False, True)
    """
    if not languages:
        return True
    return any(language == code or language.startswith(code + "-") for code in languages)


class LanguagePipeline:
    def __init__(self, stats: StatsCollector, languages: tuple[str, ...], drop_unknown: bool):
        self.stats = stats
        self.languages = languages
        self.drop_unknown = drop_unknown

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if not settings.getbool("LANGUAGE_ENABLED"):
            raise NotConfigured  # silent: turned off by settings
        languages = tuple(code.lower() for code in settings.getlist("LANGUAGE_ALLOWED"))
        drop_unknown = settings.getbool("LANGUAGE_DROP_UNKNOWN")
        if not languages and not drop_unknown:
            raise NotConfigured  # silent: turned off by settings
        assert crawler.stats is not None
        return cls(crawler.stats, languages, drop_unknown)

    def process_item(self, item: PageItem) -> PageItem:
        language = item.get("language")
        if language is None:
            if self.drop_unknown:
                drop(self.stats, COMPONENT, "unknown_language", f"{item['url']}: body too short")
            return item
        if not allowed(language, self.languages):
            drop(
                self.stats,
                COMPONENT,
                "other_language",
                f"{item['url']}: {language} not in LANGUAGE_ALLOWED={list(self.languages)}",
            )
        return item
