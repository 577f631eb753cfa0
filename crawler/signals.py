"""Signals of this project, sent through `crawler.signals` like Scrapy's own."""

from __future__ import annotations

# Sent by the relevance pipeline for each page it scored: `page_judged(item, relevant)`.
# The RelevanceStop extension listens to it to stop a crawl that has left the subject.
page_judged = object()
