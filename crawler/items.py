"""The item the `similar` spider yields and the pipelines complete."""

from __future__ import annotations

import scrapy


class PageItem(scrapy.Item):
    """One fetched page. The spider fills the fetch fields and the internal ones; the clean
    pipeline replaces the internal ones (`html`, `encoding`, `link_titles`) with the
    `cleaners` record; the relevance pipeline adds `similarity`.

    Only the public fields are exported (`FEED_EXPORT_FIELDS`), in the settings' order.
    """

    # Fetch: where and when the page came from.
    url = scrapy.Field()
    canonical_url = scrapy.Field()  # <link rel=canonical>, resolved; else the URL
    fetched_at = scrapy.Field()  # ISO 8601, UTC: the response's Date header, else the clock
    status = scrapy.Field()
    depth = scrapy.Field()
    referer = scrapy.Field()
    # Relevance: best cosine similarity of the clean body to a seed document, 0 to 1.
    similarity = scrapy.Field()
    # The cleaners record (cleaners.Document.to_dict()).
    title = scrapy.Field()
    author = scrapy.Field()
    published = scrapy.Field()
    site = scrapy.Field()
    language = scrapy.Field()
    body = scrapy.Field()
    removed = scrapy.Field()
    replies = scrapy.Field()  # on a forum thread: [{author, published, text}] after the first post
    # Internal, consumed by the clean pipeline: the raw page and the page's link titles.
    html = scrapy.Field()
    encoding = scrapy.Field()
    link_titles = scrapy.Field()
