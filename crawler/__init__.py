"""The Scrapy project that grows the corpus with pages similar to the seed documents.

`scrapy crawl similar -a start_urls=URL` from the repository root (see `scrapy.cfg`).
The cleaning itself is `cleaners`; this package only fetches, scores, filters and records.
"""
