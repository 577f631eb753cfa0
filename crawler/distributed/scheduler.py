"""The scheduler of a shared crawl: scrapy-redis's, with leases and acknowledged items.

scrapy-redis's `Scheduler` connects (`REDIS_URL`), builds its `PriorityQueue` (the request
encoding and the queue's layout) and its `RFPDupeFilter` (fingerprints and their set); this
subclass keeps those and replaces what loses work on a kill (see `crawler.distributed.
frontier`): `next_request` leases, `enqueue_request` adds fingerprint and request in one
script, and each request is acknowledged, with the items its page produced, once Scrapy is
done with it.

"Done with it" is the moment `Scraper.enqueue_scrape` completes: the callback (or errback)
has run, every request it yielded is queued and every item has been through the pipelines
and the `item_scraped` / `item_dropped` handlers. Scrapy sends no signal then, so the
scheduler wraps that one method of the engine's scraper when it opens. Items are collected
per lease from `item_scraped` (the response carries the request, hence the lease) and sent
with the acknowledgement; drops are counted the same way (`<component>/dropped/<reason>`).
A redirect or a retry (a new request carrying the lease in its meta) takes the place of
the leased request in the same script that queues it.

The scheduler also keeps the worker alive while other workers hold leases (their pages may
yield more work), looking for work every `DISTRIBUTED_POLL_SECONDS` meanwhile; renews its
own leases every third of `DISTRIBUTED_LEASE_SECONDS`; and closes the spider when the crawl
is done or the page budget, counted in Redis across all workers, is spent.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Self

import redis
from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.exceptions import CloseSpider, DontCloseSpider
from scrapy.http import Response
from scrapy.utils.reactor import CallLaterOnce
from scrapy.utils.serialize import ScrapyJSONEncoder
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from ..drops import Dropped
from .frontier import Frontier, Keys

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from twisted.internet.defer import Deferred
    from twisted.python.failure import Failure

logger = logging.getLogger(__name__)

LEASE = "distributed_lease"  # the request meta key holding its lease id


@dataclass
class _Pending:
    """What one leased request has produced so far: items to emit, drops to count."""

    items: list[str] = field(default_factory=list)
    counts: list[str] = field(default_factory=list)
    scraping: bool = False  # downloaded: its callback runs (or ran)


def item_json(item: Any, fields: list[str]) -> str:
    """The item as one JSON object, with the exported fields in the feed's order."""
    adapter = ItemAdapter(item)
    names = fields or list(adapter.field_names())
    record = {name: adapter[name] for name in names if name in adapter}
    return json.dumps(record, cls=ScrapyJSONEncoder, ensure_ascii=False)


def lease_of(response: Response | Failure | None) -> str | None:
    request = getattr(response, "request", None)
    return None if request is None else request.meta.get(LEASE)


class LeasingScheduler(Scheduler):  # type: ignore[misc]  # scrapy-redis has no types
    crawler: Crawler
    frontier: Frontier
    budget: int
    poll_seconds: float
    spent: bool
    wake: CallLaterOnce[None]
    fields: list[str]
    held: dict[str, _Pending]
    renewal: task.LoopingCall | None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        scheduler = super().from_crawler(crawler)
        scheduler.configure(crawler)
        return scheduler  # type: ignore[no-any-return]

    def configure(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        keys = Keys(settings.get("DISTRIBUTED_KEY") % {"spider": crawler.spidercls.name})
        self.frontier = Frontier(self.server, keys, settings.getfloat("DISTRIBUTED_LEASE_SECONDS"))
        self.budget = settings.getint("DISTRIBUTED_PAGE_BUDGET")
        self.poll_seconds = settings.getfloat("DISTRIBUTED_POLL_SECONDS")
        self.spent = False
        self.wake = CallLaterOnce(self._wake)
        self.fields = settings.getlist("FEED_EXPORT_FIELDS")
        self.held = {}
        self.renewal = None
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(self.item_error, signal=signals.item_error)
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)

    def open(self, spider: Spider) -> None:
        super().open(spider)
        self._wrap_scraper()
        self.renewal = task.LoopingCall(self.renew)
        self.renewal.start(self.frontier.lease_seconds / 3, now=False)
        status = self.frontier.status()
        logger.info(
            "joined the shared crawl %s: %d queued, %d leased, %d done",
            self.frontier.keys.prefix,
            status.queued,
            status.leased,
            status.counts.get("done", 0),
        )

    def _wrap_scraper(self) -> None:
        """Acknowledge each request when the scraper is done with it (no signal says so)."""
        assert self.crawler.engine is not None
        scraper = self.crawler.engine.scraper
        enqueue_scrape = scraper.enqueue_scrape

        def acknowledging(result: Response | Failure, request: Request) -> Deferred[None]:
            if (pending := self.held.get(request.meta.get(LEASE, ""))) is not None:
                pending.scraping = True
            done: Deferred[None] = enqueue_scrape(result, request)
            done.addBoth(self._settled, result, request)
            return done

        setattr(scraper, "enqueue_scrape", acknowledging)  # noqa: B010  # an instance, not the class

    def close(self, reason: str) -> None:
        """Put back the leases still held (a graceful stop loses nothing); never flush."""
        if self.renewal is not None and self.renewal.running:
            self.renewal.stop()
        self.wake.cancel()
        released = self.frontier.release(list(self.held))
        if released:
            logger.info("released %d leases back to the shared queue", released)
        self.held.clear()

    def enqueue_request(self, request: Request) -> bool:
        replaces = request.meta.pop(LEASE, "")
        pending = self.held.get(replaces)
        if pending is None or pending.scraping:
            # not a redirect or retry of a request in flight here: a new request (a callback
            # that copied its response's meta into a link's request, say)
            replaces, pending = "", None
        else:
            del self.held[replaces]
        queued = self.frontier.push(
            self.df.request_fingerprint(request),
            self.queue._encode_request(request),
            -request.priority,
            request.dont_filter,
            replaces,
        )
        if queued == -1 and pending is not None:
            logger.warning("lease of %s expired before its redirect or retry", request)
        if queued == 1:
            self.stats.inc_value("scheduler/enqueued/redis")
            return True
        if queued == 0:
            self.df.log(request, self.spider)
        return False

    def has_pending_requests(self) -> bool:
        """Queued requests count only while the budget lasts: once it is spent the worker
        must go idle, so that `spider_idle` closes it."""
        return not self.spent and bool(super().has_pending_requests())

    def next_request(self) -> Request | None:
        leased = self.frontier.lease(self.budget)
        if leased is None:
            status = self.frontier.status()
            pages = status.counts.get("pages", 0)
            self.spent = bool(self.budget) and pages + status.leased >= self.budget
            return None
        self.spent = False
        lease_id, data = leased
        request: Request = self.queue._decode_request(data)
        request.meta[LEASE] = lease_id
        self.held[lease_id] = _Pending()
        self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def renew(self) -> None:
        try:
            self.frontier.renew(list(self.held))
        except redis.RedisError as error:  # keep renewing: the next try may reach Redis
            logger.warning("could not renew %d leases: %s", len(self.held), error)

    def _settled(self, outcome: Any, result: Response | Failure, request: Request) -> Any:
        lease_id = request.meta.get(LEASE)
        pending = self.held.pop(lease_id, None) if lease_id else None
        if lease_id and pending is not None:
            page = isinstance(result, Response)
            if self.frontier.ack(lease_id, page, pending.items, pending.counts):
                self.stats.inc_value("distributed/acked")
            else:
                self.stats.inc_value("distributed/lease_lost")
                logger.warning(
                    "the lease of %s expired before it was done: its %d items are left to "
                    "the worker that fetches it again (raise DISTRIBUTED_LEASE_SECONDS?)",
                    request,
                    len(pending.items),
                )
        return outcome

    def item_scraped(self, item: Any, response: Response | Failure | None) -> None:
        if (pending := self.held.get(lease_of(response) or "")) is not None:
            pending.items.append(item_json(item, self.fields))

    def item_dropped(
        self, item: Any, response: Response | Failure | None, exception: Exception
    ) -> None:
        if (pending := self.held.get(lease_of(response) or "")) is not None:
            if isinstance(exception, Dropped):
                pending.counts.append(exception.stats_key)
            else:
                pending.counts.append(f"other/dropped/{type(exception).__name__}")

    def item_error(self, item: Any, response: Response | Failure | None) -> None:
        if (pending := self.held.get(lease_of(response) or "")) is not None:
            pending.counts.append("item_error")

    def spider_idle(self) -> None:
        """Close when the crawl is done everywhere or the budget is spent; else wait."""
        status = self.frontier.status()
        if self.budget and status.counts.get("pages", 0) >= self.budget:
            raise CloseSpider("closespider_pagecount")
        if not status.finished:
            self.wake.schedule(self.poll_seconds)
            raise DontCloseSpider

    def _wake(self) -> None:
        """Ask the engine for requests again now, not at its next 5 s heartbeat: work may
        have come from other workers. Scrapy has no public call for this; without its
        private `_slot` the heartbeat still does it, later."""
        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is not None and getattr(slot, "nextcall", None) is not None:
            slot.nextcall.schedule()
