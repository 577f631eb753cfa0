"""Every setting of the crawler project, with its default and why.

Scrapy's own settings keep their names; this project's are prefixed by the component that
reads them (`SIMILAR_*` the spider, `CLEAN_*`, `LANGUAGE_*`, `RELEVANCE_*`, `DUPLICATES_*`
the pipelines, `RELEVANCESTOP_*` the extension, `VCR_*` the cassette cache, `DISTRIBUTED_*`
the shared crawl), enabling flag first. Override any of them with `-s NAME=VALUE` or in a
spider's `custom_settings`.
"""

from __future__ import annotations

from .bundled import bundled

# This project's components are named from the package it was imported as: `crawler` in the
# checkout, `cleaners_crawler` when installed (see crawler/__init__.py), never both.
_PACKAGE = __name__.rpartition(".")[0]

BOT_NAME = "crawler"
SPIDER_MODULES = [f"{_PACKAGE}.spiders"]
NEWSPIDER_MODULE = f"{_PACKAGE}.spiders"
# `scrapy export` and `scrapy crawlstatus`, for a shared crawl.
COMMANDS_MODULE = f"{_PACKAGE}.commands"

# --- A good citizen by default -------------------------------------------------------------
# Says who is crawling. Put your project and a contact address here (-s USER_AGENT=...) so a
# site owner can reach you instead of blocking you.
USER_AGENT = "cleaners-corpus-crawler/0.1 (research corpus; set USER_AGENT to add a contact)"
# Never fetch what a site asks crawlers to leave alone.
ROBOTSTXT_OBEY = True
# Adapt the delay to each server's latency; start gently, aim at one request in flight.
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
# A floor under AutoThrottle's delay: no site gets more than four requests a second.
DOWNLOAD_DELAY = 0.25
# At most two requests in flight per site, sixteen overall.
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
# Pages bigger than this are not articles; warn at 1 MiB, give up at 5 MiB.
DOWNLOAD_WARNSIZE = 1024 * 1024
DOWNLOAD_MAXSIZE = 5 * 1024 * 1024
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 2
# Follow links at most this many hops from a start URL (Scrapy's DepthMiddleware).
DEPTH_LIMIT = 4
# The page budget: stop after this many responses (Scrapy's CloseSpider extension).
CLOSESPIDER_PAGECOUNT = 1000
# No cookies: articles do not need a session, and a crawler should not keep one.
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

# --- The `similar` spider --------------------------------------------------------------------
# Folders of seed dumps (*.txt) the relevance score compares pages with; `-a seeds=DIR[,DIR]`
# overrides. The default: seeds/, bundled with the package (crawler/bundled.py). Read by
# the spider (link priority) and the relevance pipeline (the filter).
RELEVANCE_SEEDS = [str(bundled("seeds"))]
# Only follow links to the start URLs' hosts (and sitemaps' hosts). False lets the crawl
# wander off to any site, still limited by depth, budget and relevance.
SIMILAR_STAY_ON_START_DOMAINS = True
# Request priority = 100 * (page weight * the linking page's score + anchor weight * the
# anchor text's score): links from relevant pages, and links that name the subject, first.
SIMILAR_PAGE_PRIORITY_WEIGHT = 0.5
SIMILAR_ANCHOR_PRIORITY_WEIGHT = 0.5
# Start URLs and sitemaps are fetched before anything they lead to.
SIMILAR_START_PRIORITY = 1000
# Pages a sitemap or feed lists are the site's own articles: fetch them before links found
# while crawling (a link's priority is 0 to 100), so an original comes before its copies.
SIMILAR_SITEMAP_PRIORITY = 100
# An anchor with at least this many word units is a link title (a teaser's headline), not a
# menu entry; the clean pipeline uses link titles to tell listing pages from articles.
SIMILAR_LINK_TITLE_UNITS = 5.0

# --- Item pipelines, in order -------------------------------------------------------------------
ITEM_PIPELINES = {
    f"{_PACKAGE}.pipelines.clean.CleanPipeline": 100,
    f"{_PACKAGE}.pipelines.language.LanguagePipeline": 200,
    f"{_PACKAGE}.pipelines.relevance.RelevancePipeline": 300,
    f"{_PACKAGE}.pipelines.duplicates.DuplicatesPipeline": 400,
}
# Clean each page with cleaners.clean_html (a thin adapter: see crawler/pipelines/clean.py).
CLEAN_ENABLED = True
# A TOML file of extra phrase lists for cleaners.Options.from_toml; empty: the defaults.
CLEAN_PHRASES_TOML = ""
# What is left of the clean body once link titles and truncated summaries are set aside must
# have this many word units (a word, or two CJK characters), else the page is a listing.
CLEAN_MIN_ARTICLE_UNITS = 50.0
# Processes that clean pages off the reactor thread (0: clean on it, for debugging). Two
# match a two-core machine; see benchmarks/clean_pool.py for threads against processes.
CLEAN_WORKERS = 2
# Seconds one page may take to clean (cleaners.Options.time_budget); a page over it is
# dropped as over_budget. 0: no budget.
CLEAN_TIME_BUDGET = 30.0

# Keep only these languages (langdetect codes: en, zh-cn, zh-tw ...); empty keeps all.
LANGUAGE_ENABLED = True
LANGUAGE_ALLOWED: list[str] = []
# Drop pages whose language could not be told (bodies too short for langdetect).
LANGUAGE_DROP_UNKNOWN = False

# Score each clean body against the seeds; drop pages below the threshold. On the fixture
# site the subject's pages score 0.10-0.27 and the others at most 0.06 (see the tests).
RELEVANCE_ENABLED = True
RELEVANCE_MIN_SIMILARITY = 0.08

# Drop pages already emitted: same canonical URL, same normalised body, or a near-duplicate
# body (MinHash over token shingles, banded LSH). State persists in JOBDIR across resumes.
DUPLICATES_ENABLED = True
# Estimated Jaccard similarity of shingle sets at or above which two bodies are the same story.
DUPLICATES_NEAR_THRESHOLD = 0.6
# Tokens per shingle: five CJK characters or five words.
DUPLICATES_SHINGLE_SIZE = 5
# MinHash signature length = bands * rows; 20 bands of 4 rows catch pairs above ~0.5 Jaccard.
DUPLICATES_BANDS = 20
DUPLICATES_ROWS = 4
# The file in JOBDIR that keeps the duplicate filter's state between runs.
DUPLICATES_STATE_FILE = "duplicates.pickle"
# The file in JOBDIR where each kept page is appended as it is kept (emptied into the state
# file on a clean close), so a run killed with SIGKILL forgets nothing it emitted.
DUPLICATES_LOG_FILE = "duplicates.log"

# --- Extensions ---------------------------------------------------------------------------------
EXTENSIONS = {
    f"{_PACKAGE}.extensions.relevancestop.RelevanceStop": 500,
    f"{_PACKAGE}.extensions.statsfile.StatsFile": 510,
}
# Stop the crawl when, over the last WINDOW pages judged, fewer than MIN_SHARE were relevant:
# the crawl has wandered off the subject.
RELEVANCESTOP_ENABLED = True
RELEVANCESTOP_MIN_SHARE = 0.05
RELEVANCESTOP_WINDOW = 200

# Write the final stats as JSON to this file when the spider closes; empty: no file.
STATSFILE_PATH = ""

# --- A shared crawl on Redis (crawler.distributed): on when REDIS_URL is set -------------------
# redis://host:port/db of the Redis that holds the crawl; empty: this process crawls alone.
# With it, `scrapy crawl similar` is one worker of the shared crawl (scrapy-redis's setting).
REDIS_URL = ""
ADDONS = {f"{_PACKAGE}.distributed.SharedCrawl": 0}
# False for a process that reads a shared crawl without crawling (`scrapy export` sets it).
DISTRIBUTED_WORKER = True
# The prefix of the crawl's keys in Redis; `%(spider)s` is the spider's name. Two crawls
# of one spider in one Redis database need two prefixes.
DISTRIBUTED_KEY = "%(spider)s"
# A request a worker has taken goes back to the queue if the worker has not finished it in
# this many seconds: the time a SIGKILLed worker's pages wait. A live worker renews its
# leases every third of it, so a slow page is never taken from it.
DISTRIBUTED_LEASE_SECONDS = 60.0
# A worker with nothing to do while others still hold leases looks for work this often.
DISTRIBUTED_POLL_SECONDS = 0.5
# Pages fetched by all workers together before they stop; 0 takes CLOSESPIDER_PAGECOUNT
# (which, per process, is turned off in a shared crawl).
DISTRIBUTED_PAGE_BUDGET = 0

# --- Recorded traffic: the vcrpy cassette cache (off unless HTTPCACHE_ENABLED) -----------------
HTTPCACHE_STORAGE = f"{_PACKAGE}.extensions.cassette.CassetteCacheStorage"
HTTPCACHE_POLICY = "scrapy.extensions.httpcache.DummyPolicy"
# The cassette file (vcrpy YAML). Tests get it from pytest-recording's fixtures; see
# crawler.testing.cassette_settings.
VCR_CASSETTE_PATH = ""
# vcrpy's record modes: none (replay only), once (record if the file is missing),
# new_episodes (replay, record what is missing), all (record everything again).
VCR_RECORD_MODE = "once"

# --- Output ----------------------------------------------------------------------------------
FEED_EXPORT_ENCODING = "utf-8"
# The item's public fields, in this order; the spider's internal fields are never exported.
FEED_EXPORT_FIELDS = [
    "url",
    "canonical_url",
    "fetched_at",
    "status",
    "depth",
    "referer",
    "similarity",
    "title",
    "author",
    "published",
    "site",
    "language",
    "body",
    "removed",
    "replies",
]
# Dropped pages are routine (listings, off-subject pages): log them at DEBUG, count them in
# the stats (`<component>/dropped/<reason>`).
DEFAULT_DROPITEM_LOG_LEVEL = "DEBUG"
LOG_LEVEL = "INFO"
