"""The frontier's scripts on a real Redis: leases, acknowledgements, requeues."""

from __future__ import annotations

import time

import pytest
import redis

from crawler.distributed.frontier import Frontier, Keys


@pytest.fixture
def frontier(redis_url: str) -> Frontier:
    return Frontier(redis.Redis.from_url(redis_url), Keys("t"), lease_seconds=30)


def test_push_filters_seen_fingerprints_unless_dont_filter(frontier: Frontier) -> None:
    assert frontier.push("fp1", b"a", 0, dont_filter=False) == 1
    assert frontier.push("fp1", b"a-again", 0, dont_filter=False) == 0
    assert frontier.push("fp1", b"a-forced", 0, dont_filter=True) == 1
    status = frontier.status()
    assert (status.queued, status.seen, status.counts["enqueued"]) == (2, 1, 2)


def test_lease_takes_the_best_priority_first(frontier: Frontier) -> None:
    frontier.push("low", b"low", 0, dont_filter=False)
    frontier.push("high", b"high", -100, dont_filter=False)  # score = -priority
    first, second = frontier.lease(), frontier.lease()
    assert first is not None and second is not None
    assert (first[1], second[1]) == (b"high", b"low")
    assert frontier.lease() is None
    status = frontier.status()
    assert (status.queued, status.leased, status.finished) == (0, 2, False)


def test_ack_emits_the_items_once_and_counts_drops(frontier: Frontier) -> None:
    frontier.push("fp", b"r", 0, dont_filter=False)
    leased = frontier.lease()
    assert leased is not None
    lease_id = leased[0]
    assert frontier.ack(lease_id, True, ['{"url": "u"}'], ["clean/dropped/listing"])
    assert not frontier.ack(lease_id, True, ['{"url": "u"}'], [])  # a second ack is refused
    assert list(frontier.items()) == ['{"url": "u"}']
    status = frontier.status()
    assert status.finished
    assert status.counts["done"] == status.counts["pages"] == status.counts["emitted"] == 1
    assert status.dropped() == {"clean/dropped/listing": 1}


def test_an_expired_lease_goes_back_and_its_late_ack_emits_nothing(redis_url: str) -> None:
    frontier = Frontier(redis.Redis.from_url(redis_url), Keys("t"), lease_seconds=0.2)
    frontier.push("fp", b"r", 0, dont_filter=False)
    dead = frontier.lease()
    assert dead is not None
    time.sleep(0.3)
    redo = frontier.lease()  # requeues the expired lease, then leases it again
    assert redo is not None and redo[1] == b"r" and redo[0] != dead[0]
    assert not frontier.ack(dead[0], True, ['{"url": "late"}'], [])
    assert frontier.ack(redo[0], True, ['{"url": "redo"}'], [])
    assert list(frontier.items()) == ['{"url": "redo"}']
    assert frontier.status().counts["requeued"] == 1


def test_renewal_keeps_a_slow_lease(redis_url: str) -> None:
    frontier = Frontier(redis.Redis.from_url(redis_url), Keys("t"), lease_seconds=0.4)
    frontier.push("fp", b"r", 0, dont_filter=False)
    leased = frontier.lease()
    assert leased is not None
    for _ in range(4):
        time.sleep(0.2)
        assert frontier.renew([leased[0]]) == 1
    assert frontier.lease() is None  # still held: not requeued
    assert frontier.ack(leased[0], True, [], [])


def test_release_puts_leases_back_at_once(frontier: Frontier) -> None:
    frontier.push("fp", b"r", -5, dont_filter=False)
    leased = frontier.lease()
    assert leased is not None
    assert frontier.release([leased[0]]) == 1
    again = frontier.lease()
    assert again is not None and again[1] == b"r"
    assert frontier.status().counts["released"] == 1


def test_a_redirect_replaces_its_lease_in_one_step(frontier: Frontier) -> None:
    frontier.push("fp", b"r", 0, dont_filter=False)
    leased = frontier.lease()
    assert leased is not None
    assert frontier.push("fp2", b"redirected", 0, dont_filter=False, replaces=leased[0]) == 1
    status = frontier.status()
    assert (status.queued, status.leased, status.counts["replaced"]) == (1, 0, 1)
    # once the lease is gone, a second replacement is refused: its original is someone's
    assert frontier.push("fp3", b"again", 0, dont_filter=False, replaces=leased[0]) == -1


def test_the_page_budget_stops_leasing(frontier: Frontier) -> None:
    for name in ("a", "b"):
        frontier.push(name, name.encode(), 0, dont_filter=False)
    leased = frontier.lease(budget=1)
    assert leased is not None
    assert frontier.lease(budget=1) is None  # the one in flight counts against the budget
    frontier.ack(leased[0], True, [], [])
    assert frontier.lease(budget=1) is None
    assert frontier.lease(budget=0) is not None  # 0: no budget
